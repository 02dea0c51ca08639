import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { validateConfig } from "../lib/config";
import { buildPlan } from "../lib/plan/build-plan";
import { POLICY_RULES, unknownSuppressions } from "../lib/policy/check";
import { impliedSuppressions } from "../lib/policy/implied-suppressions";
import { synthDeployment } from "./support/synth";
import { policyRulesMarkdown, RULES_TABLE_END, RULES_TABLE_START } from "../lib/policy/rules-markdown";

/** docs/policy-rules.md (the rule list and the suppression how-to) against lib/policy, so neither can drift. */
const section = readFileSync(join(__dirname, "..", "docs", "policy-rules.md"), "utf8");
const table = section.slice(section.indexOf(RULES_TABLE_START) + RULES_TABLE_START.length, section.indexOf(RULES_TABLE_END)).trim();
const ALL_RULES = Object.values(POLICY_RULES).flat();

describe("docs/policy-rules.md", () => {
  test("the table is what `npm run docs:rules` writes from the rules", () => {
    expect(section).toContain(RULES_TABLE_START);
    expect(section.indexOf(RULES_TABLE_END)).toBeGreaterThan(section.indexOf(RULES_TABLE_START));
    expect(table).toBe(policyRulesMarkdown());
  });

  test.each(ALL_RULES.map((rule) => [rule.id, rule] as const))("lists %s once, with its cloud, resource type, title and source", (id, rule) => {
    const rows = table.split("\n").filter((line) => line.startsWith(`| \`${id}\` |`));
    expect(rows).toHaveLength(1);
    const cells = rows[0].split(/(?<!\\) \| /);
    expect(cells[1]).toBe(rule.cloud);
    expect(cells[2]).toContain(`\`${rule.type}\``);
    expect(cells[3]).toBe(rule.title.replace(/\|/g, "\\|"));
    expect(cells[4].replace(/ \|$/, "")).toBe(rule.source.replace(/\|/g, "\\|"));
  });

  test("rule IDs are unique and carry their cloud's prefix", () => {
    expect(new Set(ALL_RULES.map((rule) => rule.id)).size).toBe(ALL_RULES.length);
    const prefixes = { aws: "AWS-", gcp: "GCP-", azure: "AZ-" } as const;
    for (const rule of ALL_RULES) expect(rule.id.startsWith(prefixes[rule.cloud])).toBe(true);
  });

  test("the suppression example is a valid config naming a real rule and a real resource path", () => {
    const example = parse(/```yaml\n(policy:\n[\s\S]*?)```/.exec(section)![1]);
    const config = validateConfig(example);
    expect(config.policy.suppressions).toHaveLength(1);
    expect(unknownSuppressions(config.cloud, config.policy.suppressions)).toEqual([]);
    // The resource prefix matches the construct path of the block the rule checks, and nothing else.
    const { stacks } = synthDeployment(example);
    const rule = POLICY_RULES.aws.find((r) => r.id === config.policy.suppressions[0].rule)!;
    const paths = Object.values(stacks).flatMap((stack) =>
      Object.values((stack.resource?.[rule.type] ?? {}) as Record<string, { "//": { metadata: { path: string } } }>).map((block) => block["//"].metadata.path),
    );
    expect(paths.filter((path) => path.startsWith(config.policy.suppressions[0].resource!))).toEqual([`aws-${buildPlan(config).primary.region}-infra/cluster/cluster`]);
    expect(paths).toHaveLength(2);
  });

  test.each(["aws", "gcp", "azure"] as const)("names the suppression %s implies for database.deletionProtection: false", (cloud) => {
    const plan = buildPlan(validateConfig({ cloud, database: { deletionProtection: false } }));
    const implied = impliedSuppressions(plan);
    expect(implied.length).toBeLessThanOrEqual(1);
    for (const suppression of implied) expect(section).toContain(`\`${suppression.rule}\` on ${cloud}`);
    if (implied.length === 0) expect(section).toContain(`${cloud}'s servers have no such attribute and no rule`);
  });
});
