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

/** One stack as a child module of the scratch root validateModules builds: its file name and text. */
export interface MirrorModule {
  readonly file: "cdk.tf.json" | "cdk.tf";
  readonly text: string;
}

/**
 * JSON stacks as modules for validateModules, each made loadable by the mirror (forMirror) and
 * without its backend (a child module takes none). Every provider configuration costs a provider
 * process of its own (seconds each), so a stack whose provider blocks equal an earlier stack's apart
 * from the region loses them (its resources are still validated, against the root's default
 * provider); aliased providers stay, as the resources that name them need their blocks.
 */
export function jsonMirrorModules(stacks: Record<string, TerraformJson>, mirror: PluginMirror): Record<string, MirrorModule> {
  const validatedProviders = new Set<string>();
  return Object.fromEntries(
    Object.entries(stacks).map(([name, stack]) => {
      const copy = forMirror(stack, mirror.awsVersion);
      delete copy.terraform?.backend;
      const signature = providersBesidesRegion(copy);
      if (validatedProviders.has(signature) && !signature.includes('"alias"')) delete copy.provider;
      validatedProviders.add(signature);
      return [name, { file: "cdk.tf.json", text: JSON.stringify(copy, null, 2) }];
    }),
  );
}

/** HCL stacks (`cdktf synth --hcl`, formatted) as modules for validateModules, through hclForMirror. */
export function hclMirrorModules(stacks: Record<string, string>, mirror: PluginMirror): Record<string, MirrorModule> {
  return Object.fromEntries(Object.entries(stacks).map(([name, hcl]) => [name, { file: "cdk.tf", text: hclForMirror(hcl, mirror.awsVersion) }]));
}

/**
 * The HCL form of forMirror, on the text `cdktf synth --hcl` writes (formatted): the blocks of
 * every other provider (required_providers entry, provider block, resources) removed, references to
 * them made a string literal, the aws constraint set to the mirrored version, no backend.
 */
export function hclForMirror(hcl: string, awsVersion: string): string {
  const dropped = [...hcl.matchAll(/^\s{4}(\w+) = \{\n\s+version = "[^"]*"\n\s+source\s+= "([^"]+)"/gm)].map((m) => m[1]).filter((n) => n !== "aws");
  let text = hcl;
  /** Removes each block whose header matches, up to its matching closing brace. */
  const removeBlocks = (header: RegExp) => {
    for (let match = header.exec(text); match; match = header.exec(text)) {
      let depth = 0;
      let end = match.index + match[0].length - 1;
      for (let i = end; i < text.length; i++) {
        if (text[i] === "{") depth++;
        else if (text[i] === "}" && --depth === 0) {
          end = i + 1;
          break;
        }
      }
      text = text.slice(0, match.index) + text.slice(end);
    }
  };
  for (const name of dropped) {
    removeBlocks(new RegExp(`^\\s*${name} = \\{`, "m"));
    removeBlocks(new RegExp(`^provider "${name}" \\{`, "m"));
    removeBlocks(new RegExp(`^(resource|data|ephemeral) "${name}(_[a-z0-9_]+)?" "[^"]+" \\{`, "m"));
  }
  removeBlocks(/^\s*backend "[a-z]+" \{/m);
  if (dropped.length > 0) {
    const prefixes = dropped.join("|");
    text = text.replace(new RegExp(`(?<![\\w.])(?:data\\.)?(?:${prefixes})(?:_[a-z0-9_]+)?\\.[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_]+)*`, "g"), `"${MIRROR_PLACEHOLDER}"`);
    // A dependency on a dropped resource became a literal: depends_on takes references only.
    text = text.replace(/depends_on\s*=\s*\[([^\]]*)\]/g, (_, items: string) => {
      const kept = items.split(",").map((i) => i.trim()).filter((i) => i && !i.startsWith('"'));
      return `depends_on = [${kept.join(", ")}]`;
    });
  }
  return text.replace(/(aws = \{\n\s+version = )"[^"]*"/, `$1"${awsVersion}"`);
}

/**
 * `terraform init -backend=false -plugin-dir=<mirror>` then `terraform validate -json` of several
 * stacks in one run, JSON and HCL alike: each becomes a child module of a scratch root, so terraform
 * loads the provider's schema (most of the time taken) once. Returns each stack's diagnostics by name.
 */
export async function validateModules(files: Record<string, MirrorModule>, mirror: PluginMirror, binary = terraformBinary()): Promise<Record<string, Diagnostic[]>> {
  const root = mkdtempSync(join(tmpdir(), "coder-refarch-validate-"));
  try {
    const names = Object.keys(files);
    const modules: Record<string, { source: string }> = {};
    names.forEach((name, i) => {
      mkdirSync(join(root, `stack${i}`));
      writeFileSync(join(root, `stack${i}`, files[name].file), files[name].text);
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
