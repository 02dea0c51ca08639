import { z } from "zod";
import { ConfigError, ConfigIssue } from "./errors";
import { crossFieldIssues, RuleInput } from "./cross-field-rules";
import { DeploymentConfig, DeploymentConfigSchema } from "./schema";

/**
 * Checks a config object against the schema and the cross-field rules, reporting every problem at
 * once; returns the config with defaults filled in.
 *
 * @param source where the config came from, for the error message (a file name or "(embedded default)")
 * @throws ConfigError naming each field, its value and what is allowed
 */
export function validateConfig(raw: unknown, source = "(embedded default)"): DeploymentConfig {
  const parsed = DeploymentConfigSchema.safeParse(raw, { reportInput: true });
  const issues: ConfigIssue[] = parsed.success ? [] : parsed.error.issues.flatMap(toConfigIssues);
  issues.push(...crossFieldIssues(ruleInput(raw)));
  if (issues.length > 0 || !parsed.success) {
    throw new ConfigError(source, issues);
  }
  return parsed.data;
}

/**
 * Reads the fields the rules need one by one, each against its own schema, so a bad field elsewhere
 * (even in the same section) hides no rule: a field that fails is simply left out.
 */
function ruleInput(raw: unknown): RuleInput {
  return (lenientParse(DeploymentConfigSchema, raw) ?? {}) as RuleInput;
}

function lenientParse(schema: z.ZodType, value: unknown): unknown {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    if (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) return undefined;
    const record = (value ?? {}) as Record<string, unknown>;
    const shape = inner.shape as Record<string, z.ZodType>;
    return Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, lenientParse(field, record[key])]));
  }
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

function toConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = issue.path.map(String).join(".");
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(issue.path);
      return issue.keys.map((key) => ({
        path: path === "" ? key : `${path}.${key}`,
        message: unknownKeyMessage(key, allowed),
      }));
    }
    case "invalid_type":
      if (input === undefined) return [{ path, message: `is required (${article(issue.expected)})` }];
      return [{ path, message: `must be ${article(issue.expected)}`, value: input }];
    case "invalid_union":
      return [{ path, message: "must be one of the documented forms (see README)", value: input }];
    default:
      return [{ path, message: lowerFirst(issue.message), value: input }];
  }
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const near = allowed.find((candidate) => editDistance(candidate.toLowerCase(), key.toLowerCase()) <= 2);
  const hint = near ? ` (did you mean "${near}"?)` : "";
  return `unknown key${hint}; allowed: ${allowed.join(", ")}`;
}

/** The keys the schema accepts at a path, walking through defaults and optionals. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = DeploymentConfigSchema;
  for (const segment of [...path, undefined]) {
    schema = unwrap(schema);
    if (segment === undefined) break;
    const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : undefined;
    schema = shape?.[String(segment)];
  }
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodDiscriminatedUnion) {
    return [...new Set(schema.options.flatMap((option) => Object.keys((option as z.ZodObject).shape)))];
  }
  return [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodOptional) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
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
