import { Fn, Token } from "cdktf";
import { jsonDocument } from "./json-document";

type Values = Readonly<Record<string, unknown>>;

/** The part of `values` made of literals, and the part made of Terraform references, each in the same tree. */
export function splitReferences(values: Values): { literals: Record<string, unknown>; references: Record<string, unknown> } {
  const literals: Record<string, unknown> = {};
  const references: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === "string" && Token.isUnresolved(value)) {
      references[key] = value;
    } else if (value !== null && typeof value === "object" && !Array.isArray(value) && !Token.isUnresolved(value)) {
      const inner = splitReferences(value as Values);
      // A map that holds only references stays out of the literal document: an empty map there would merge as nothing anyway.
      if (Object.keys(inner.literals).length > 0 || Object.keys(inner.references).length === 0) literals[key] = inner.literals;
      if (Object.keys(inner.references).length > 0) references[key] = inner.references;
    } else {
      if (Array.isArray(value) && value.some((item) => Token.isUnresolved(item) || JSON.stringify(item ?? null).includes("${"))) {
        throw new Error(`helmValuesDocuments: ${key} is a list holding Terraform references; Helm replaces lists instead of merging them, so keep references in maps`);
      }
      literals[key] = value;
    }
  }
  return { literals, references };
}

/**
 * Helm values as the release's `values` list: the Terraform references (addresses, IDs, ARNs known
 * at apply), if any, as a `jsonencode(...)` document, then the literals as indented JSON (what
 * reviewers read and tests parse, see jsonDocument), always last. Helm deep-merges the documents
 * (helm_release `values`: "merged, in order, as Helm does with multiple -f options"), and the two
 * share no leaf, so the order changes nothing in Kubernetes. It matters in HCL: cdktf 0.21 closes a
 * heredoc that a list continues after with `EOF,`, which Terraform cannot read, so the heredoc goes
 * last. The references stay apart because `join(",", ...)` carries HCL's quotes inside a JSON
 * string, which no JSON reader can parse before Terraform evaluates it.
 */
export function helmValuesDocuments(values: Values): string[] {
  const { literals, references } = splitReferences(values);
  return Object.keys(references).length > 0 ? [Fn.jsonencode(references), jsonDocument(literals)] : [jsonDocument(literals)];
}

/** The literal values of a synthesized `helm_release` (its last document, see helmValuesDocuments), parsed. */
/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON and Helm values are untyped */
export function literalHelmValues(release: Readonly<Record<string, any>>): any {
  const documents: readonly string[] = release.values;
  return JSON.parse(documents[documents.length - 1]);
}
/* eslint-enable @typescript-eslint/no-explicit-any */
