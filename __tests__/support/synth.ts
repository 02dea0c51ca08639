import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App, Testing } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { validateConfig } from "../../lib/config";
import { buildPlan, DeploymentPlan } from "../../lib/plan";
import { addDeployment } from "../../stacks/deployment";

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
export type TerraformJson = Record<string, any>;

export function planOf(raw: unknown = {}): DeploymentPlan {
  return buildPlan(validateConfig(raw));
}

export interface SynthesizedDeployment {
  readonly outdir: string;
  /** Every file written, by path relative to the output folder, as text. */
  readonly files: Record<string, string>;
  /** Parsed `cdk.tf.json` of each stack, by stack name. */
  readonly stacks: Record<string, TerraformJson>;
}

/**
 * Where one test run keeps each distinct deployment's synthesis (set by __tests__/global-setup.js),
 * so the suites that read the same deployment synthesize it once between them. Off under mutation
 * testing: a mutant must reach every test through its own synthesis.
 */
function cachedOutdir(raw: unknown): { outdir: string; cached: boolean } | undefined {
  const cache = process.env.CODER_REFARCH_SYNTH_CACHE;
  if (!cache || process.env.CODER_REFARCH_MUTATION === "1") return undefined;
  const outdir = join(cache, createHash("sha256").update(JSON.stringify(raw ?? {})).digest("hex").slice(0, 24));
  return { outdir, cached: existsSync(join(outdir, "manifest.json")) };
}

/**
 * Synthesizes a whole deployment into a fresh folder, as `cdktf synth` would; within a test run a
 * deployment synthesized before is read back instead (treat its folder as read-only). Given an
 * outdir, always synthesizes there.
 */
export function synthDeployment(raw: unknown = {}, outdir?: string): SynthesizedDeployment {
  const cache = outdir === undefined ? cachedOutdir(raw) : undefined;
  if (cache?.cached) return read(cache.outdir);
  const target = outdir ?? mkdtempSync(join(tmpdir(), "coder-refarch-synth-"));
  const app = new App({ outdir: target, stackTraces: false });
  addDeployment(app, planOf(raw));
  app.synth();
  if (!cache) return read(target);
  // Another worker may have written the same deployment meanwhile: theirs is as good.
  try {
    renameSync(target, cache.outdir);
  } catch {
    return read(target);
  }
  return read(cache.outdir);
}

function read(outdir: string): SynthesizedDeployment {
  const files = readTree(outdir);
  const stacks: Record<string, TerraformJson> = {};
  for (const [path, text] of Object.entries(files)) {
    const match = /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(path);
    if (match) stacks[match[1]] = JSON.parse(text);
  }
  return { outdir, files, stacks };
}

/** Every file under a folder, by path relative to it, as text (sorted, so the order is stable). */
export function readTree(root: string, dir = root): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, readTree(root, path));
    else files[relative(root, path)] = readFileSync(path, "utf8");
  }
  return files;
}

/** Synthesizes constructs in a test stack with the AWS and random providers; returns the parsed JSON. */
export function synthConstruct(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new AwsProvider(scope, "aws", { region: "us-east-1" });
      new RandomProvider(scope, "random");
      build(scope);
    }),
  );
}

/** The bodies of every resource of a type. */
export function resources(json: TerraformJson, type: string): TerraformJson[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The body of the only resource of a type; fails when there is not exactly one. */
export function onlyResource(json: TerraformJson, type: string): TerraformJson {
  const all = resources(json, type);
  if (all.length !== 1) throw new Error(`Expected one ${type}, found ${all.length}`);
  return all[0];
}
