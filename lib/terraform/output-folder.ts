import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * The folder a deployment is synthesized into, under cdktf's output folder: `<namePrefix>-<cloud>`.
 * Stack names (`<cloud>-<region>-<layer>`) are the same for every deployment of a cloud and
 * region, and Terraform keeps each stack's working state (`.terraform`, the backend it was
 * initialized with) in the stack's folder: two deployments in one folder would share it, and
 * Terraform's "Backend configuration changed" offer to migrate would copy one deployment's state
 * into the other's. A folder per deployment keeps them apart.
 */
export function deploymentFolder(plan: { readonly namePrefix: string; readonly cloud: string }): string {
  return `${plan.namePrefix}-${plan.cloud}`;
}

/** Where a deployment's stacks are written: `<base>/<namePrefix>-<cloud>` (base: cdktf.json's `output`, or CDKTF_OUTDIR). */
export function deploymentOutdir(base: string, plan: { readonly namePrefix: string; readonly cloud: string }): string {
  return join(base, deploymentFolder(plan));
}

/**
 * The local backend's state file, relative to a stack's folder (`<base>/<deployment>/stacks/<stack>`):
 * four levels up is the project root, where the state files of every deployment sit side by side,
 * named by deployment and stack.
 */
export function localStatePath(deployment: string, stackName: string): string {
  return `../../../../terraform.${deployment}.${stackName}.tfstate`;
}

/**
 * Removes the other format's stack files before a synth writes its own (`cdk.tf` before a JSON
 * synth, `cdk.tf.json` before an HCL one): Terraform reads both in a folder and refuses the
 * duplicate definitions. Returns the files removed.
 */
export function removeOtherFormat(outdir: string, hcl: boolean): string[] {
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return [];
  const stale = hcl ? "cdk.tf.json" : "cdk.tf";
  const removed = readdirSync(stacks)
    .map((stack) => join(stacks, stack, stale))
    .filter((file) => existsSync(file));
  for (const file of removed) rmSync(file);
  return removed;
}
