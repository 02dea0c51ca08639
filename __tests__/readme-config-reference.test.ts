import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_TABLE_END, CONFIG_TABLE_START, configReferenceMarkdown } from "../lib/config/config-markdown";
import { CONFIG_JSON_SCHEMA_PATH } from "../lib/config/json-schema";
import { AKS_RESERVED_CIDRS } from "../lib/reference/azure-limits";
import { CLOUD_DEFAULTS } from "../lib/reference/cloud-defaults";
import { REFERENCE_TIERS } from "../lib/reference/tier-2k";

/**
 * The config reference of docs/configuration.md ("| field | type | default | allowed |" under "Every
 * field") is what `npm run docs:config` writes, and, read independently of the generator, agrees
 * with the committed JSON Schema, which config-json-schema.test.ts keeps equal to the code's zod
 * schema: every leaf field is listed, no row names a field that does not exist, and defaults,
 * bounds and enum values match. A field added to the schema without a row fails here.
 */
const ROOT = join(__dirname, "..");
const DOC = readFileSync(join(ROOT, "docs", "configuration.md"), "utf8");
const SCHEMA = JSON.parse(readFileSync(join(ROOT, CONFIG_JSON_SCHEMA_PATH), "utf8"));

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Schema nodes are untyped JSON */
interface Leaf {
  /** Dotted path, `[]` for a list's items: `policy.suppressions[].rule`. */
  readonly path: string;
  readonly node: any;
  /** For a field of the backend union, the `type` of the option that has it. */
  readonly option?: string;
}

/** Every leaf of the schema: objects recursed, lists of objects by their item, a union of objects by each option. */
function leaves(node: any, path: string, option?: string): Leaf[] {
  if (Array.isArray(node.anyOf) && node.anyOf.every((o: any) => o.type === "object" && o.properties)) {
    return node.anyOf.flatMap((o: any) => leaves(o, path, o.properties.type?.const));
  }
  if (node.type === "object" && node.properties) {
    return Object.entries(node.properties).flatMap(([key, child]) => leaves(child, path === "" ? key : `${path}.${key}`, option));
  }
  if (node.type === "array" && node.items?.type === "object" && node.items.properties) return leaves(node.items, `${path}[]`, option);
  return [{ path, node, option }];
}

interface Row {
  readonly fields: readonly string[];
  readonly type: string;
  readonly default: string;
  readonly allowed: string;
  readonly text: string;
}

function docTable(): Row[] {
  const lines = DOC.split("\n");
  const start = lines.findIndex((line) => line.startsWith("| field | type | default | allowed |"));
  expect(start).toBeGreaterThan(lines.findIndex((line) => line === "## Every field"));
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const cells = line.split(" | ").map((cell) => cell.replace(/^\| ?| ?\|$/g, ""));
    expect({ line, cells: cells.length }).toEqual({ line, cells: 4 });
    const fields = [...cells[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    rows.push({ fields, type: cells[1], default: cells[2], allowed: cells[3], text: line });
  }
  return rows;
}

/** `regions.*.name` covers `regions.primary.name` and `regions.secondary.name`. */
function covers(field: string, path: string): boolean {
  const pattern = field
    .split(".")
    .map((segment) => (segment === "*" ? "[^.]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("\\.");
  return new RegExp(`^${pattern}$`).test(path);
}

const LEAVES = leaves(SCHEMA.definitions.CoderRefarchConfig, "");
const ROWS = docTable();
const rowOf = (path: string) => ROWS.find((row) => row.fields.some((field) => covers(field, path)));

function rendered(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

describe("docs/configuration.md's config reference", () => {
  test("the table is what `npm run docs:config` writes from the schema", () => {
    const start = DOC.indexOf(CONFIG_TABLE_START);
    const end = DOC.indexOf(CONFIG_TABLE_END);
    expect(DOC.indexOf("## Every field\n")).toBeGreaterThan(0);
    expect(start).toBeGreaterThan(DOC.indexOf("## Every field\n"));
    expect(end).toBeGreaterThan(start);
    expect(DOC.slice(start + CONFIG_TABLE_START.length, end).trim()).toBe(configReferenceMarkdown());
  });

  test("the schema walk finds every kind of leaf (nested regions, list items, each backend option)", () => {
    const paths = LEAVES.map((leaf) => leaf.path);
    expect(paths).toEqual(expect.arrayContaining(["regions.secondary.workspaceMinNodes", "policy.suppressions[].reason", "backend.storageAccountName", "backend.prefix", "azure.tenantId"]));
    expect(LEAVES.filter((leaf) => leaf.path === "backend.type").map((leaf) => leaf.option)).toEqual(["local", "s3", "gcs", "azurerm"]);
    expect(new Set(paths).size).toBeGreaterThanOrEqual(45);
  });

  test.each([...new Set(LEAVES.map((leaf) => leaf.path))])("lists %s, with type, default and what is allowed", (path) => {
    const row = rowOf(path);
    expect({ path, row: row?.text }).toEqual({ path, row: expect.any(String) });
    expect(row!.type).not.toBe("");
    expect(row!.default).not.toBe("");
    expect(row!.allowed).not.toBe("");
  });

  test("names no field the schema does not have", () => {
    expect(ROWS.flatMap((row) => row.fields).filter((field) => !LEAVES.some((leaf) => covers(field, leaf.path)))).toEqual([]);
  });

  test.each(LEAVES.filter((leaf) => leaf.node.default !== undefined).map((leaf) => [leaf.path, leaf] as const))("%s: the default matches the schema's", (_, leaf) => {
    expect(rowOf(leaf.path)!.default).toContain(`\`${rendered(leaf.node.default)}\``);
  });

  test.each(LEAVES.map((leaf) => [leaf.path, leaf.option ?? "", leaf] as const))("%s %s: bounds and choices match the schema's", (_, __, leaf) => {
    const row = rowOf(leaf.path)!;
    const node = leaf.node;
    for (const bound of [node.minimum, node.maximum, node.minLength, node.maxLength].filter((b) => b !== undefined && b > 1)) {
      expect({ path: leaf.path, bound, allowed: row.allowed }).toEqual({ path: leaf.path, bound, allowed: expect.stringMatching(new RegExp(`\\b${bound}\\b`)) });
    }
    for (const choice of node.enum ?? []) expect(row.allowed).toContain(`\`${choice}\``);
    // A backend field says which backend types take it.
    if (leaf.option && leaf.path !== "backend.type") expect(row.text).toMatch(new RegExp(`\\b${leaf.option}\\b`));
    if (leaf.path === "backend.type") expect(row.allowed).toContain(`\`${leaf.option}\``);
  });

  test("every leaf has a description, so editors show it", () => {
    expect(LEAVES.filter((leaf) => typeof leaf.node.description !== "string" || leaf.node.description.length < 10).map((leaf) => leaf.path)).toEqual([]);
  });

  test.each(["aws", "gcp", "azure"] as const)("a %s-only block says so on every row", (cloud) => {
    const rows = LEAVES.filter((leaf) => leaf.path.startsWith(`${cloud}.`)).map((leaf) => rowOf(leaf.path)!);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.allowed).toContain(`(${cloud} only)`);
  });

  test.each(["aws", "gcp", "azure"] as const)("states %s's own defaults and ranges (CLOUD_DEFAULTS)", (cloud) => {
    const defaults = CLOUD_DEFAULTS[cloud];
    const name = rowOf("regions.primary.name")!;
    expect(name.default).toContain(`\`${defaults.regions.primary}\` / \`${defaults.regions.secondary}\` (${cloud})`);
    expect(rowOf("regions.primary.networkCidr")!.default).toContain(`\`${defaults.networkCidrs.primary}\` / \`${defaults.networkCidrs.secondary}\``);
    expect(rowOf("kubernetes.serviceCidr")!.default).toContain(`\`${defaults.serviceCidr}\``);
    const version = rowOf("kubernetes.version")!;
    expect(version.default).toMatch(new RegExp(`\`${defaults.kubernetes.default.replace(".", "\\.")}\` on ${cloud}`));
    expect(version.allowed).toContain(`${cloud} \`${defaults.kubernetes.min}\`-\`${defaults.kubernetes.max}\``);
  });

  test("states the tier's splits, the builds threshold and AKS's reserved ranges", () => {
    const tier = REFERENCE_TIERS["2k"];
    expect(rowOf("regions.primary.workspaceNodes")!.text).toContain(`even split of ${tier.workspace.nodes}: ${tier.workspace.nodes / 2} each`);
    expect(rowOf("regions.primary.workspaceNodes")!.allowed).toContain(`add up to ${tier.workspace.nodes}`);
    expect(rowOf("regions.primary.provisionerNodes")!.text).toContain(`even split of ${tier.provisioner.nodes}: ${tier.provisioner.nodes / 2} each`);
    expect(rowOf("workload.workspaceBuildsPerDay")!.allowed).toContain(`${tier.constraints.databaseReplicaBuildsPerDay}`);
    for (const cidr of AKS_RESERVED_CIDRS) expect(rowOf("kubernetes.serviceCidr")!.allowed).toContain(`\`${cidr}\``);
  });
});
