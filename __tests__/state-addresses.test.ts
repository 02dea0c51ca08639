import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { synthDeployment, TerraformJson } from "./support/synth";

/**
 * The Terraform addresses of each cloud's default deployment, stack by stack. An address is a
 * construct ID as Terraform's state knows it: renaming one makes `terraform apply` destroy the
 * resource and create a new one (a database, a cluster). So the list is a contract, kept in
 * `__tests__/fixtures/state-addresses/`, and changing it is a decision made by hand, with a `moved`
 * block for users' state where the resource must survive.
 */
const FIXTURES = join(__dirname, "fixtures", "state-addresses");

function addresses(stack: TerraformJson): string[] {
  const of = (kind: "resource" | "data", prefix: string) =>
    Object.entries<Record<string, unknown>>(stack[kind] ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
  return [...of("resource", ""), ...of("data", "data."), ...Object.keys(stack.output ?? {}).map((name) => `output.${name}`)].sort();
}

describe.each(["aws", "gcp", "azure"])("%s default deployment", (cloud) => {
  test("keeps every Terraform address its users' state holds", () => {
    const { stacks } = synthDeployment(cloud === "aws" ? {} : { cloud });
    const actual = Object.fromEntries(Object.entries(stacks).sort(([a], [b]) => a.localeCompare(b)).map(([name, json]) => [name, addresses(json)]));
    const file = join(FIXTURES, `${cloud}.json`);
    if (process.env.CODER_REFARCH_WRITE_ADDRESSES === "1") writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    const expected: Record<string, string[]> = JSON.parse(readFileSync(file, "utf8"));
    const changes = Object.keys({ ...expected, ...actual }).flatMap((stack) => {
      const before = new Set(expected[stack] ?? []);
      const after = new Set(actual[stack] ?? []);
      return [...[...before].filter((a) => !after.has(a)).map((a) => `${stack}: - ${a}`), ...[...after].filter((a) => !before.has(a)).map((a) => `${stack}: + ${a}`)];
    });
    expect(changes).toEqual([]);
  });
});
