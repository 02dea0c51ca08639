import { z } from "zod";
import { ConfigError, ConfigIssue } from "./errors";
import { crossFieldIssues, RuleInput } from "./cross-field-rules";
import { withCloudDefaults } from "./cloud-defaults";
import { DeploymentConfig, DeploymentConfigSchema, TAG_KEY_MESSAGE_START } from "./schema";

/**
 * Checks a config object against the schema and the cross-field rules, reporting every problem at
 * once; returns the config with defaults filled in.
 *
 * @param source where the config came from, for the error message (a file name or "(embedded default)")
 * @throws ConfigError naming each field, its value and what is allowed
 */
export function validateConfig(raw: unknown, source = "(embedded default)"): DeploymentConfig {
  const parsed = DeploymentConfigSchema.safeParse(raw);
  const issues: ConfigIssue[] = parsed.success ? [] : parsed.error.issues.flatMap((issue) => toConfigIssues(issue, raw));
  issues.push(...crossFieldIssues(ruleInput(raw)));
  if (issues.length > 0 || !parsed.success) {
    throw new ConfigError(source, issues);
  }
  return withCloudDefaults(parsed.data);
}

/**
 * Reads the fields the rules need one by one, each against its own schema, so a bad field elsewhere
 * (even in the same section) hides no rule: a field that fails is simply left out.
 */
function ruleInput(raw: unknown): RuleInput {
  const given = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  return { ...((lenientParse(DeploymentConfigSchema, raw) ?? {}) as RuleInput), givenKeys: Object.keys(given), given };
}

function lenientParse(schema: z.ZodTypeAny, value: unknown): unknown {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    if (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) return undefined;
    const record = (value ?? {}) as Record<string, unknown>;
    const shape = inner.shape as Record<string, z.ZodTypeAny>;
    return Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, lenientParse(field, record[key])]));
  }
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

function toConfigIssues(issue: z.ZodIssue, raw: unknown): ConfigIssue[] {
  const path = issue.path.map(String).join(".");
  const value = valueAt(raw, issue.path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(issue.path, raw);
      return issue.keys.map((key) => ({
        path: path === "" ? key : `${path}.${key}`,
        message: unknownKeyMessage(key, allowed),
        value: valueAt(raw, [...issue.path, key]),
      }));
    }
    case "invalid_type":
      if (issue.received === "undefined") return [{ path, message: `is required (${article(issue.expected)})` }];
      // A schema's own wording (a hint such as quoting a version) beats zod's generic one.
      if (!issue.message.startsWith("Expected ")) return [{ path, message: issue.message, value }];
      return [{ path, message: `must be ${article(issue.expected)}`, value }];
    case "invalid_enum_value":
      return [{ path, message: `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}`, value }];
    case "invalid_union_discriminator":
      return [{ path, message: `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}`, value }];
    default:
      // A record key that fails its schema: the key is what is wrong, not the value under it.
      if (issue.message.startsWith(TAG_KEY_MESSAGE_START)) return [{ path, message: issue.message, value: issue.path[issue.path.length - 1] }];
      return [{ path, message: lowerFirst(issue.message), value }];
  }
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let current = raw;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const near = allowed.find((candidate) => editDistance(candidate.toLowerCase(), key.toLowerCase()) <= 2);
  const hint = near ? ` (did you mean "${near}"?)` : "";
  return `unknown key${hint}; allowed: ${allowed.join(", ")}`;
}

/**
 * The keys the schema accepts at a path, walking through defaults, optionals and list items; in a
 * discriminated union (the backend), those of the option the config's `type` picks.
 */
function allowedKeysAt(path: readonly (string | number)[], raw: unknown): string[] {
  let schema: z.ZodTypeAny | undefined = DeploymentConfigSchema;
  for (const segment of path) {
    const inner = unwrap(schema);
    if (inner instanceof z.ZodObject) schema = (inner.shape as Record<string, z.ZodTypeAny>)[String(segment)];
    else if (inner instanceof z.ZodArray) schema = inner.element as z.ZodTypeAny;
    else schema = undefined;
  }
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return Object.keys(inner.shape);
  if (inner instanceof z.ZodDiscriminatedUnion) {
    const options = inner.options as z.ZodObject<z.ZodRawShape>[];
    const given = valueAt(raw, [...path, inner.discriminator]);
    const chosen = options.filter((option) => (option.shape[inner.discriminator] as z.ZodLiteral<unknown>).value === given);
    return [...new Set((chosen.length > 0 ? chosen : options).flatMap((option) => Object.keys(option.shape)))];
  }
  return [];
}

function unwrap(schema: z.ZodTypeAny | undefined): z.ZodTypeAny | undefined {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodDefault) current = current._def.innerType;
    else if (current instanceof z.ZodOptional) current = current.unwrap();
    else if (current instanceof z.ZodEffects) current = current.innerType();
    else return current;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Levenshtein distance, for suggesting the key a user meant. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
