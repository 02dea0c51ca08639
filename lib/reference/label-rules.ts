import { Cloud } from "./types";

/** The form a cloud's resource labels (tags) must take, where it is stricter than the config's own tag rules. */
export interface LabelRule {
  readonly key: RegExp;
  readonly value: RegExp;
  /** What the rule allows, for error messages. */
  readonly keyForm: string;
  readonly valueForm: string;
  readonly source: string;
}

/**
 * GCP labels: keys 1-63 lowercase letters, digits, `_` or `-`, starting with a letter; values at
 * most 63 of the same. The Google provider does not check them; the API refuses the resource at
 * apply. AWS and Azure tags accept everything the config's tag schema does.
 */
export const LABEL_RULES: Readonly<Record<Cloud, LabelRule | undefined>> = {
  aws: undefined,
  gcp: {
    key: /^\p{Ll}[\p{Ll}\p{Lo}0-9_-]{0,62}$/u,
    value: /^[\p{Ll}\p{Lo}0-9_-]{0,63}$/u,
    keyForm: "1-63 lowercase letters, digits, '_' or '-', starting with a letter",
    valueForm: "at most 63 lowercase letters, digits, '_' or '-'",
    source: "cloud.google.com/resource-manager/docs/labels-overview#requirements",
  },
  azure: undefined,
};
