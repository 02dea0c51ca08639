import { POLICY_RULES } from "./check";
import { PolicyRule } from "./rule";

/** Where docs/policy-rules.md's rule table starts and ends; `npm run docs:rules` rewrites what lies between. */
export const RULES_TABLE_START = "<!-- policy-rules:start (npm run docs:rules writes this table) -->";
export const RULES_TABLE_END = "<!-- policy-rules:end -->";

/** A table cell: a `|` would end the cell, a line break the row. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function row(rule: PolicyRule): string {
  const target = `${rule.kind === "data" ? "data " : ""}\`${rule.type}\``;
  return `| \`${rule.id}\` | ${rule.cloud} | ${target} | ${cell(rule.title)} | ${cell(rule.source)} |`;
}

/**
 * Every policy rule as docs/policy-rules.md's Markdown table (ID, cloud, resource type, what it checks, the
 * control or document it mirrors), generated from `POLICY_RULES` so the list cannot drift from the
 * rules the app enforces.
 */
export function policyRulesMarkdown(): string {
  const rules = Object.values(POLICY_RULES).flat();
  return [
    "| rule | cloud | resource | what it checks | source |",
    "|---|---|---|---|---|",
    ...rules.map(row),
  ].join("\n");
}
