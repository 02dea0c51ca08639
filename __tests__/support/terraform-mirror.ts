import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { TerraformJson } from "./synth";

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */

/**
 * `terraform validate` of synthesized stacks against the offline provider mirror of these machines
 * (REFERENCE.md section 5): only hashicorp/aws is mirrored, at an older version than the bindings
 * target, so each stack is copied, pinned to the mirrored version, and stripped of the providers
 * that are not mirrored before `terraform init -plugin-dir`.
 */

/** Where the machines of this project keep the mirror; TF_PLUGIN_MIRROR overrides it. */
export const DEFAULT_PLUGIN_MIRROR = "/opt/tf-plugins";

/** Terraform or OpenTofu, as `npm run validate` chooses it. */
export function terraformBinary(): string {
  return process.env.TERRAFORM_BINARY_NAME || "terraform";
}

/** The binary's version, or undefined when it cannot be run. */
export function terraformVersion(binary = terraformBinary()): string | undefined {
  const result = spawnSync(binary, ["version", "-json"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return undefined;
  try {
    return JSON.parse(result.stdout).terraform_version;
  } catch {
    return result.stdout.split("\n")[0];
  }
}

export interface PluginMirror {
  readonly dir: string;
  /** The mirrored hashicorp/aws version. */
  readonly awsVersion: string;
}

/** The mirror with hashicorp/aws in it, or undefined. */
export function findPluginMirror(dir = process.env.TF_PLUGIN_MIRROR || DEFAULT_PLUGIN_MIRROR): PluginMirror | undefined {
  const awsDir = join(dir, "registry.terraform.io", "hashicorp", "aws");
  if (!existsSync(awsDir)) return undefined;
  const versions = readdirSync(awsDir).sort();
  if (versions.length === 0) return undefined;
  return { dir, awsVersion: versions[versions.length - 1] };
}

/** Placeholder for a value that came from a provider the mirror lacks. */
export const MIRROR_PLACEHOLDER = "not-mirrored";

/**
 * A copy of a stack that the mirror can initialize: the aws constraint set to the mirrored
 * version, every other provider (random, kubernetes, helm, ...) dropped with its resources, data
 * sources and ephemeral resources, and references to them replaced by a string literal.
 */
export function forMirror(stack: TerraformJson, awsVersion: string): TerraformJson {
  const copy: TerraformJson = JSON.parse(JSON.stringify(stack));
  const providers = copy.terraform?.required_providers ?? {};
  const dropped = Object.keys(providers).filter((name) => name !== "aws");
  for (const name of dropped) {
    delete providers[name];
    delete copy.provider?.[name];
  }
  providers.aws = { ...providers.aws, version: awsVersion };
  const isDropped = (type: string) => dropped.some((name) => type === name || type.startsWith(`${name}_`));
  for (const block of ["resource", "data", "ephemeral"]) {
    for (const type of Object.keys(copy[block] ?? {})) if (isDropped(type)) delete copy[block][type];
  }
  // A stack of only dropped providers (the add-ons layer) keeps empty blocks, which Terraform refuses.
  for (const block of ["provider", "resource", "data", "ephemeral"]) {
    if (copy[block] && Object.keys(copy[block]).length === 0) delete copy[block];
  }
  if (dropped.length === 0) return copy;
  const prefixes = dropped.join("|");
  // A reference such as random_id.name.hex or data.random_x.name.attr inside an interpolation.
  // Not after a dot or a word character: aws_x.random_name.id is an AWS reference.
  const reference = new RegExp(`(?<![\\w.])(?:data\\.|ephemeral\\.)?(?:${prefixes})(?:_[a-z0-9_]+)?\\.[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_]+)*`, "g");
  const dependency = new RegExp(`^(?:data\\.|ephemeral\\.)?(?:${prefixes})(?:_[a-z0-9_]+)?\\.`);
  const rewrite = (value: any, key?: string): any => {
    if (typeof value === "string") return value.includes("${") ? value.replace(reference, `"${MIRROR_PLACEHOLDER}"`) : value;
    if (Array.isArray(value)) {
      const items = key === "depends_on" ? value.filter((v) => !(typeof v === "string" && dependency.test(v))) : value;
      return items.map((v) => rewrite(v));
    }
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, k)]));
    }
    return value;
  };
  return rewrite(copy);
}

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail: string;
  /** The offending block, from the diagnostic's source snippet (e.g. `resource.aws_kms_key.name`). */
  readonly address?: string;
}

const run = promisify(execFile);

/** A stack's provider blocks without their regions, which is all that may differ between stacks. */
const providersBesidesRegion = (stack: TerraformJson) =>
  JSON.stringify(stack.provider ?? {}, (key, value) => (key === "region" && typeof value === "string" ? undefined : value));

/**
 * `terraform init -backend=false -plugin-dir=<mirror>` then `terraform validate -json`, for several
 * stacks in one run: each stack becomes a child module of a scratch root, so terraform loads the
 * provider's schema (most of the time taken) once. Every provider configuration costs a provider
 * process of its own (seconds each), so a stack whose provider blocks equal an earlier stack's apart
 * from the region loses them (its resources are still validated, against the root's default
 * provider). Returns each stack's diagnostics by name.
 */
export async function validateAgainstMirror(
  stacks: Record<string, TerraformJson>,
  mirror: PluginMirror,
  binary = terraformBinary(),
): Promise<Record<string, Diagnostic[]>> {
  const root = mkdtempSync(join(tmpdir(), "coder-refarch-validate-"));
  try {
    const names = Object.keys(stacks);
    const modules: Record<string, { source: string }> = {};
    const validatedProviders = new Set<string>();
    names.forEach((name, i) => {
      const copy = forMirror(stacks[name], mirror.awsVersion);
      // A child module takes no backend; init -backend=false would ignore it anyway.
      delete copy.terraform?.backend;
      const signature = providersBesidesRegion(copy);
      // Aliased providers stay: the resources that name them need their blocks.
      if (validatedProviders.has(signature) && !signature.includes('"alias"')) delete copy.provider;
      validatedProviders.add(signature);
      mkdirSync(join(root, `stack${i}`));
      writeFileSync(join(root, `stack${i}`, "cdk.tf.json"), JSON.stringify(copy, null, 2));
      modules[`stack${i}`] = { source: `./stack${i}` };
    });
    const main = { terraform: { required_providers: { aws: { source: "hashicorp/aws", version: mirror.awsVersion } } }, module: modules };
    writeFileSync(join(root, "main.tf.json"), JSON.stringify(main, null, 2));
    // TF_CLI_CONFIG_FILE=/dev/null keeps a user's own mirrors and credentials out.
    const env = { ...process.env, TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" };
    await run(binary, ["init", "-backend=false", "-input=false", `-plugin-dir=${mirror.dir}`], { cwd: root, env, maxBuffer: 1 << 24 });
    // validate exits 1 on errors; its JSON is on stdout either way.
    const { stdout } = await run(binary, ["validate", "-json", "-no-color"], { cwd: root, env, maxBuffer: 1 << 24 }).catch((e) => e);
    const byStack: Record<string, Diagnostic[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (const d of JSON.parse(stdout).diagnostics ?? []) {
      const match = /^stack(\d+)\//.exec(d.range?.filename ?? "");
      const diagnostic: Diagnostic = { severity: d.severity, summary: d.summary, detail: d.detail ?? "", address: d.snippet?.context ?? undefined };
      // A diagnostic outside every stack (the scratch root) belongs to all of them.
      for (const name of match ? [names[Number(match[1])]] : names) byStack[name].push(diagnostic);
    }
    return byStack;
  } finally {
    // KEEP_VALIDATE_DIR=1 keeps the scratch folder, to run terraform in it by hand.
    if (!process.env.KEEP_VALIDATE_DIR) rmSync(root, { recursive: true, force: true });
  }
}
