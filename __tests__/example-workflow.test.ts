import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** The example GitHub Actions pipeline users copy: valid YAML, and every npm command it runs exists. */
const ROOT = join(__dirname, "..");
const text = readFileSync(join(ROOT, "examples", "github-actions", "coder-refarch.yml"), "utf8");
const workflow = parse(text, { uniqueKeys: true });
const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
/* eslint-disable @typescript-eslint/no-explicit-any -- a parsed workflow is untyped */
const steps: any[] = Object.values(workflow.jobs as Record<string, any>).flatMap((job) => job.steps);
const runs = steps.map((s) => s.run).filter((r): r is string => typeof r === "string");

test("is a workflow with triggers, least permissions and at least one job of steps", () => {
  expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["pull_request"]));
  expect(workflow.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  expect(steps.length).toBeGreaterThan(5);
});

test("every `npm run <script>` it uses is a script of package.json", () => {
  const used = runs.flatMap((r) => [...r.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]));
  expect(used).toEqual(expect.arrayContaining(["check", "synth", "synth:hcl"]));
  expect(used.filter((name) => !(name in scripts))).toEqual([]);
});

test("installs from the lockfile, runs the tests, and writes JSON and HCL", () => {
  expect(runs.some((r) => r.includes("npm ci"))).toBe(true);
  expect(runs.some((r) => /\bnpm test\b/.test(r))).toBe(true);
  expect(runs.some((r) => r.includes("npm run synth &&")) && runs.some((r) => r.includes("npm run synth:hcl"))).toBe(true);
});

test("every action is pinned to a version", () => {
  const uses = steps.map((s) => s.uses).filter(Boolean);
  expect(uses.length).toBeGreaterThan(0);
  for (const action of uses) expect(action).toMatch(/^[\w-]+\/[\w-]+@(v\d+|[0-9a-f]{40})$/);
});
