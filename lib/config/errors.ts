/** One thing wrong with a deployment config: where, what was there, and what is allowed. */
export interface ConfigIssue {
  /** Dotted path of the field, e.g. `regions.primary.vpcCidr`; empty for the file itself. */
  readonly path: string;
  readonly message: string;
  /** The offending value, when there is one. */
  readonly value?: unknown;
}

/**
 * Raised before any construct exists when the config cannot be deployed. Carries every issue found,
 * so a user fixes them all in one round.
 */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(formatIssues(source, issues));
    this.name = "ConfigError";
  }
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function formatIssues(source: string, issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  const lines = issues.map((issue) => {
    const where = issue.path === "" ? "(config)" : issue.path;
    const got = "value" in issue && issue.value !== undefined ? ` (got ${describeValue(issue.value)})` : "";
    // Multi-line messages (a YAML snippet with its caret) stay under their bullet.
    const message = issue.message
      .split("\n")
      .map((line, i) => (i === 0 || line === "" ? line : `    ${line}`))
      .join("\n");
    return `  - ${where}: ${message}${got}`;
  });
  return [`Invalid deployment config ${source}: ${count}`, ...lines].join("\n");
}
