import { Cloud } from "../reference/types";
import { isCidr } from "../common/cidr";
import { coversTooMuch, MAX_PUBLIC_SHARE, publicShare } from "../common/public-coverage";

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform attributes are untyped JSON */

/** A resource or data source as it will be synthesized: Terraform's snake_case attributes. */
export interface SynthesizedBlock {
  /** `resource` or `data`. */
  readonly kind: "resource" | "data";
  /** Terraform type, e.g. `aws_db_instance`. */
  readonly type: string;
  /** Construct path, e.g. `aws-us-east-1-infra/database/instance`: where to look in the code. */
  readonly path: string;
  readonly attributes: Readonly<Record<string, any>>;
}

/** What a rule sees besides the block: every block of the whole deployment, for rules that relate blocks. */
export interface PolicyContext {
  readonly blocks: readonly SynthesizedBlock[];
  /** The block being checked, for rules that compare it with others (same stack or not). */
  readonly self?: SynthesizedBlock;
}

/** The stack a block belongs to: the first segment of its construct path. */
export function stackOf(block: SynthesizedBlock): string {
  return block.path.split("/")[0];
}

/**
 * One policy rule: a security, reliability or apply-time property of one block type. `check`
 * returns what is wrong, or undefined. An attribute left out counts as the provider's default.
 */
export interface PolicyRule {
  /** Stable ID, e.g. `AWS-RDS-001`; suppressions name it. */
  readonly id: string;
  readonly cloud: Cloud;
  readonly kind?: "resource" | "data";
  readonly type: string;
  readonly title: string;
  /** The public control it mirrors (checkov/trivy ID, CIS section) or, for apply-time rules, the document. */
  readonly source: string;
  /** How to fix a violation. */
  readonly fix: string;
  /** Other Terraform types the rule looks for in the context (e.g. a flow log for a VPC). */
  readonly contextTypes?: readonly string[];
  check(attributes: Readonly<Record<string, any>>, context: PolicyContext): string | undefined;
}

/** A nested block as cdktf renders it: an object for a single block, an array for a list. */
export function block(value: any): Record<string, any> | undefined {
  if (Array.isArray(value)) return value[0];
  return value ?? undefined;
}

/** Every element of a nested block list (one object counts as a list of one). */
export function blocks(value: any): Record<string, any>[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The value at a dotted path through nested blocks (`settings.ip_configuration.ipv4_enabled`). */
export function at(attributes: Readonly<Record<string, any>>, path: string): any {
  let current: any = attributes;
  for (const key of path.split(".")) {
    current = block(current)?.[key];
    if (current === undefined) return undefined;
  }
  return current;
}

/** Terraform booleans may arrive as strings ("true") through tokens. */
export function isTrue(value: any): boolean {
  return value === true || value === "true";
}

export function isFalse(value: any): boolean {
  return value === false || value === "false";
}

/** Addresses that mean "anywhere on the internet" in each cloud's rule syntax. */
export const ANYWHERE = ["0.0.0.0/0", "::/0", "*", "Internet", "Any"];

/**
 * Whether a list of sources admits the internet: a literal "anywhere", or CIDRs that together cover
 * more than MAX_PUBLIC_SHARE of the public address space (`0.0.0.0/1` + `128.0.0.0/1` is as open as
 * `0.0.0.0/0`). Other entries (service tags, references) count for nothing.
 */
export function admitsInternet(sources: readonly (string | undefined)[]): boolean {
  const given = sources.filter((s): s is string => typeof s === "string");
  return given.some((s) => ANYWHERE.includes(s)) || coversTooMuch(given.filter(isCidr));
}

/** How a list that admits the internet is described in a finding. */
export function internetShare(sources: readonly (string | undefined)[]): string {
  const given = sources.filter((s): s is string => typeof s === "string");
  const literal = given.find((s) => ANYWHERE.includes(s));
  return literal ?? `${given.filter(isCidr).join(", ")} (${(publicShare(given.filter(isCidr)) * 100).toFixed(1)}% of the public IPv4 space, over ${MAX_PUBLIC_SHARE * 100}%)`;
}

/** Whether a port range (numbers or "from-to" text) includes a port. */
export function portInRange(port: number, from: any, to: any = from): boolean {
  if (from === undefined) return true;
  const low = Number(String(from).split("-")[0]);
  const high = Number(to === from && String(from).includes("-") ? String(from).split("-")[1] : to);
  if (String(from) === "*") return true;
  return low <= port && port <= high;
}
