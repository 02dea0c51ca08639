import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ts from "typescript";

/**
 * The README's library snippet as a user would paste it: it must type-check against the package
 * entry point and synthesize. The bare imports are pointed at this checkout (the package as
 * `npm run build` would publish it), nothing else in the snippet changes.
 */
const ROOT = join(__dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const section = README.slice(README.indexOf("## Use as a library"));
const snippet = /```ts\n([\s\S]*?)```/.exec(section)![1];

function pointImportsAtCheckout(code: string): string {
  return code.replace(/from "([^".][^"]*)"/g, (_, spec: string) => {
    const target = spec === "coder-refarch" ? join(ROOT, "index") : require.resolve(spec, { paths: [ROOT] }).replace(/\.js$/, "");
    return `from ${JSON.stringify(target)}`;
  });
}

describe("the README's library snippet", () => {
  const dir = mkdtempSync(join(tmpdir(), "coder-refarch-readme-"));
  const file = join(dir, "snippet.ts");
  writeFileSync(file, pointImportsAtCheckout(snippet));

  test("imports from the package entry point what a library user needs", () => {
    expect(snippet).toMatch(/import \{ addDeployment, aws, buildPlan, validateConfig \} from "coder-refarch";/);
  });

  test("type-checks with the project's compiler settings", () => {
    const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const program = ts.createProgram([file], { ...options, noEmit: true, types: ["node"] });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(errors).toEqual([]);
  });

  test("synthesizes the deployment's stacks and the user's own", () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs the snippet file as a user would run their app
      jest.isolateModules(() => require(file));
    } finally {
      process.chdir(cwd);
    }
    const stacks = readdirSync(join(dir, "cdktf.out", "stacks")).sort();
    expect(stacks).toEqual([
      "acme-network-only",
      "aws-eu-central-1-addons",
      "aws-eu-central-1-coder",
      "aws-eu-central-1-infra",
      "aws-eu-west-1-addons",
      "aws-eu-west-1-coder",
      "aws-eu-west-1-infra",
    ]);
    const own = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", "acme-network-only", "cdk.tf.json"), "utf8"));
    expect(Object.keys(own.resource.aws_vpc)).toHaveLength(1);
    expect(existsSync(join(ROOT, "cdktf.out", "stacks", "acme-network-only"))).toBe(false);
  });
});
