import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/* eslint-disable @typescript-eslint/no-require-imports -- the scripts are plain CommonJS, as npm and Stryker run them */
const { globToRegExp, sample, wilson, mutateRange, score } = require("../scripts/mutation/sample");

const ROOT = join(__dirname, "..");

describe("npm run mutate:sample", () => {
  test("reads Stryker's mutate globs as Stryker does: ** spans folders, * stays within a name", () => {
    const [include] = JSON.parse(readFileSync(join(ROOT, "stryker.config.json"), "utf8")).mutate;
    expect(include).toBe("lib/**/*.ts");
    const re = globToRegExp(include);
    expect(["lib/plan/build-plan.ts", "lib/policy/rules/aws.ts", "lib/x.ts"].map((f) => re.test(f))).toEqual([true, true, true]);
    expect(["stacks/deployment.ts", "lib/plan/build-plan.tsx", "lib/plan/build-plan.ts.bak", "xlib/a.ts"].map((f) => re.test(f))).toEqual([false, false, false, false]);
    expect(globToRegExp("lib/**/index.ts").test("lib/plan/index.ts")).toBe(true);
  });

  test("a seed always names the same sample, of distinct items, and another seed another sample", () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const first = sample(items, 200, 1);
    expect(sample(items, 200, 1)).toEqual(first);
    expect(new Set(first).size).toBe(200);
    expect(sample(items, 200, 2)).not.toEqual(first);
    expect(sample(items, 5000, 1)).toHaveLength(1000);
    // Uniform enough that the sample's mean is near the population's (499.5).
    expect(first.reduce((a: number, b: number) => a + b, 0) / 200).toBeGreaterThan(440);
    expect(first.reduce((a: number, b: number) => a + b, 0) / 200).toBeLessThan(560);
  });

  test("the margin is a 95% Wilson interval", () => {
    const [low, high] = wilson(170, 200);
    expect(low).toBeCloseTo(0.794, 3);
    expect(high).toBeCloseTo(0.893, 3);
    expect(wilson(0, 0)).toEqual([0, 0]);
  });

  test("a mutant's range is 1-based in lines for Stryker's mutate option, columns unchanged", () => {
    const mutant = { fileName: "lib/a.ts", location: { start: { line: 6, column: 11 }, end: { line: 7, column: 24 } }, mutatorName: "StringLiteral", replacement: '""' };
    expect(mutateRange(mutant)).toBe("lib/a.ts:7:11-8:24");
  });

  test("scores only the sampled mutants, reading the report's 1-based positions; compile errors do not count", () => {
    const at = (line: number) => ({ start: { line, column: 1 }, end: { line, column: 9 } });
    const sampled = [0, 1, 2, 3].map((line) => ({ fileName: "lib/a.ts", location: { start: { line, column: 0 }, end: { line, column: 8 } }, mutatorName: "StringLiteral", replacement: '""' }));
    const report = {
      files: {
        "lib/a.ts": {
          mutants: [
            { location: at(1), mutatorName: "StringLiteral", replacement: '""', status: "Killed" },
            { location: at(2), mutatorName: "StringLiteral", replacement: '""', status: "Survived" },
            { location: at(3), mutatorName: "StringLiteral", replacement: '""', status: "CompileError" },
            { location: at(4), mutatorName: "StringLiteral", replacement: '""', status: "Timeout" },
            { location: at(4), mutatorName: "ConditionalExpression", replacement: "true", status: "Survived" },
          ],
        },
      },
    };
    const result = score(sampled, report);
    expect(result.counts).toEqual({ Killed: 1, Survived: 1, CompileError: 1, Timeout: 1 });
    expect([result.detected, result.valid]).toEqual([2, 3]);
    expect(result.undetected.map((m: { location: { start: { line: number } } }) => m.location.start.line)).toEqual([1]);
  });
});

describe("the sampled-only ignorer", () => {
  const loadIgnorer = (mutants: object[]) => {
    const file = join(mkdtempSync(join(tmpdir(), "coder-refarch-sample-")), "mutants.json");
    writeFileSync(file, JSON.stringify(mutants));
    process.env.CODER_REFARCH_MUTATION_SAMPLE = file;
    let ignorer: { shouldIgnore: (file: string, loc: object) => string | undefined } | undefined;
    jest.isolateModules(() => (ignorer = require("../scripts/mutation/sampled-only-ignorer")));
    return ignorer!;
  };
  afterEach(() => delete process.env.CODER_REFARCH_MUTATION_SAMPLE);

  test("keeps the sampled node and its ancestors, ignores the rest; Babel lines are 1-based, the sample's 0-based", () => {
    const { shouldIgnore } = loadIgnorer([{ fileName: "lib/a.ts", location: { start: { line: 9, column: 4 }, end: { line: 9, column: 20 } } }]);
    const loc = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, column: c1 }, end: { line: l2, column: c2 } });
    expect(shouldIgnore("/sandbox/lib/a.ts", loc(10, 4, 10, 20))).toBeUndefined();
    expect(shouldIgnore("/sandbox/lib/a.ts", loc(1, 0, 30, 0))).toBeUndefined();
    expect(shouldIgnore("/sandbox/lib/a.ts", loc(10, 6, 10, 12))).toMatch(/not in the sample/);
    expect(shouldIgnore("/sandbox/lib/a.ts", loc(9, 4, 9, 20))).toMatch(/not in the sample/);
    expect(shouldIgnore("/sandbox/lib/b.ts", loc(10, 4, 10, 20))).toMatch(/not in the sample/);
    expect(shouldIgnore("/sandbox/xlib/a.ts", loc(10, 4, 10, 20))).toMatch(/not in the sample/);
  });

  test("is declared as Stryker's ignore plugin", () => {
    const { strykerPlugins } = require("../scripts/mutation/sampled-only-ignorer");
    expect(strykerPlugins.map((p: { kind: string; name: string }) => [p.kind, p.name])).toEqual([["Ignore", "sampled-only"]]);
  });
});

test("under mutation jest finds the tests related to a library file, through the files in between", () => {
  // Stryker runs a mutant's tests with --findRelatedTests; with only __tests__ in jest's roots it found
  // none for a file reached through an index, and every such mutant "survived" untested.
  const run = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "--listTests", "--findRelatedTests", "lib/policy/rules/aws.ts"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CODER_REFARCH_MUTATION: "1" },
  });
  const related = run.stdout.split("\n").map((f) => f.split("/").pop());
  expect(related).toEqual(expect.arrayContaining(["policy-rules.test.ts", "deployment.test.ts", "gcp-deployment.test.ts", "azure-deployment.test.ts"]));
  expect(related).not.toContain("hcl-output.test.ts");
});
