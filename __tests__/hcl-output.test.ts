import { parse } from "@cdktf/hcl2json";
import { TerraformStack, Testing } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { InputVariable } from "../lib/terraform/input-variable";
import { jsonDocument } from "../lib/terraform/json-document";
import { requireTerraformVersion } from "../lib/terraform/required-version";
import { HclDeployment, synthHclDeployment } from "./support/hcl-synth";
import { SynthesizedDeployment, synthDeployment, TerraformJson } from "./support/synth";

/**
 * Reviewable output (issue 9): `npm run synth:hcl` writes HCL that Terraform and reviewers can read,
 * and it says what the JSON synth says. Each cloud's default deployment is synthesized both ways;
 * every stack's HCL is parsed back with @cdktf/hcl2json (HashiCorp's HCL parser, compiled to
 * WebAssembly) and compared with the stack's JSON: the same blocks, the same literal values, the
 * same expressions.
 *
 * The HCL is made in-process the way the CLI makes it (see support/hcl-synth.ts; its output was
 * checked byte-identical to `cdktf synth --hcl` for the three defaults): this file takes about 30 s
 * on a machine at load 13 (14 synths, the CLI's formatter, the parser), where spawning the CLI took
 * 43 to 138 s per cloud at the same load and needs a fresh dist/ build.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform and parsed HCL are untyped */

const CLOUDS = ["aws", "gcp", "azure"] as const;

/**
 * Options that add resources or settings the default deployments lack (a bastion and its instance
 * role, authorized API networks, remote backends with their extra settings, no replica), each
 * rendered both ways and compared like the defaults.
 */
const OPTIONS: Record<string, Record<string, unknown>> = {
  "aws with bastion, API CIDRs, admins and an S3 backend": {
    cloud: "aws",
    aws: { bastion: true, privateApiCidrs: ["10.50.0.0/24"], clusterAdminPrincipalArns: ["arn:aws:iam::123456789012:role/platform"] },
    kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] },
    backend: { type: "s3", bucket: "acme-tfstate", region: "eu-west-1" },
  },
  "aws without the replica": { cloud: "aws", database: { crossRegionReplica: false } },
  "gcp with API CIDRs and a GCS backend": { cloud: "gcp", kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] }, backend: { type: "gcs", bucket: "acme-tfstate" } },
  "azure with API CIDRs and an azurerm backend": {
    cloud: "azure",
    kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] },
    backend: { type: "azurerm", resourceGroupName: "tfstate", storageAccountName: "acmetfstate", containerName: "tfstate" },
  },
};

/**
 * Nested blocks (not attributes) that a default deployment writes as an empty list, by resource type
 * and path. cdktf's HCL renderer writes no block for an empty list of blocks; zero blocks either
 * way, so the same configuration. An empty list of an attribute is written as `[]` and must match.
 * - google_container_cluster master_authorized_networks_config.cidr_blocks: a block in the google
 *   provider's schema; empty when no CIDR may reach the private endpoint (apiAllowedCidrs empty).
 */
const EMPTY_BLOCK_LISTS = ["google_container_cluster.master_authorized_networks_config.cidr_blocks"];

/** `resource.<type>.<name>.<path>` without the name and list indexes, to look up EMPTY_BLOCK_LISTS. */
const blockPathOf = (path: string) => {
  const [, section, type, , ...rest] = path.replace(/\[\d+\]/g, "").split(".");
  return section === "resource" ? [type, ...rest].join(".") : undefined;
};

/**
 * An interpolation without the spaces inside its brackets: `terraform fmt`, which the CLI runs over
 * the HCL, writes `jsonencode({ "a" = 1 })` where cdktf wrote `jsonencode({"a" = 1})`.
 */
const unspaced = (template: string) => template.replace(/([{[(])\s+/g, "$1").replace(/\s+([}\])])/g, "$1");

/**
 * A variable's type is an expression (`type = string`), which Terraform's JSON syntax writes as a
 * string and hcl2json as an interpolation.
 */
const isTypeExpression = (path: string) => /\.variable\.[^.]+\.type$/.test(path);

/**
 * A meta-argument's references (`depends_on`, `lifecycle.ignore_changes`): bare in HCL, as Terraform
 * wants them ("Quoted references are deprecated"), which hcl2json reads as `${...}`; the JSON syntax
 * writes them as strings (lib/terraform/hcl-meta-arguments.ts).
 */
const isReference = (path: string) => /\.(depends_on|lifecycle\.ignore_changes|lifecycle\.replace_triggered_by)\[\d+\]$/.test(path);

interface Difference {
  readonly path: string;
  readonly json: unknown;
  readonly hcl: unknown;
}

/**
 * Where the parsed HCL says something else than the JSON. Every key on both sides, every list
 * length, every literal (string without interpolation, number, boolean, null) must be equal, and so
 * must every expression, up to these differences of form and no others:
 * - a multi-line string is a heredoc in HCL, which ends with the newline before its closing marker
 *   (one trailing newline more; JSON and YAML readers skip it);
 * - `terraform fmt` spaces the brackets inside an interpolation (unspaced);
 * - a variable's type reads `${string}` from hcl2json (isTypeExpression), and so does a reference in a
 *   meta-argument (isReference);
 * - HCL gives a block as a list of bodies where the JSON has the one body alone;
 * - an empty list of blocks is not written in HCL (EMPTY_BLOCK_LISTS, each named);
 * - cdktf's construct metadata ("//") is in the JSON only (HCL keeps it in metadata.json).
 */
function differences(json: unknown, hcl: unknown, path: string, out: Difference[] = []): Difference[] {
  if (typeof json === "string") {
    const same =
      hcl === json ||
      (json.includes("\n") && hcl === `${json}\n`) ||
      ((isTypeExpression(path) || isReference(path)) && hcl === `\${${json}}`) ||
      (json.includes("${") && typeof hcl === "string" && unspaced(hcl) === unspaced(json));
    if (!same) out.push({ path, json, hcl });
  } else if (typeof json === "number" || typeof json === "boolean" || json === null) {
    if (hcl !== json) out.push({ path, json, hcl });
  } else if (Array.isArray(json)) {
    if (!Array.isArray(hcl) || hcl.length !== json.length) out.push({ path, json, hcl });
    else json.forEach((item, i) => differences(item, hcl[i], `${path}[${i}]`, out));
  } else if (typeof json === "object") {
    const body = Array.isArray(hcl) && hcl.length === 1 ? hcl[0] : hcl;
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      out.push({ path, json, hcl });
      return out;
    }
    const keys = Object.keys(json as object).filter((k) => k !== "//");
    for (const key of new Set([...keys, ...Object.keys(body)])) {
      const emptyBlockList = keys.includes(key) && !(key in body) && Array.isArray((json as any)[key]) && (json as any)[key].length === 0;
      if (emptyBlockList && EMPTY_BLOCK_LISTS.includes(blockPathOf(`${path}.${key}`) ?? "")) continue;
      if (!keys.includes(key) || !(key in body)) out.push({ path: `${path}.${key}`, json: (json as any)[key], hcl: (body as any)[key] });
      else differences((json as any)[key], (body as any)[key], `${path}.${key}`, out);
    }
  }
  return out;
}

/** `type.name` of every resource and `data.type.name` of every data source. */
function addresses(config: TerraformJson): string[] {
  const of = (section: Record<string, Record<string, unknown>> = {}, prefix = "") =>
    Object.entries(section).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
  return [...of(config.resource), ...of(config.data, "data.")].sort();
}

/**
 * Strings a synth must never write: where it ran (its output folder, the working folder, any
 * absolute path under the usual roots) or when (today's date, ISO or compact; a timestamp that
 * changes faster than that is caught by the two-synths test).
 */
function leaks(files: Record<string, string>, outdir: string): Array<{ path: string; found: string }> {
  const today = new Date().toISOString().slice(0, 10);
  const patterns = [/\/(tmp|home|root|work|Users|var)\/[^\s"]*/, new RegExp(`${today}|${today.replace(/-/g, "")}`)];
  return Object.entries(files).flatMap(([path, text]) => {
    const found = [outdir, process.cwd(), ...patterns.map((p) => p.exec(text)?.[0])].filter((s): s is string => !!s && text.includes(s));
    return found.map((f) => ({ path, found: f }));
  });
}

describe.each(CLOUDS)("%s default deployment as HCL", (cloud) => {
  let json: SynthesizedDeployment;
  let hcl: HclDeployment;
  let parsed: Record<string, TerraformJson>;

  beforeAll(async () => {
    json = synthDeployment({ cloud });
    hcl = await synthHclDeployment({ cloud });
    parsed = {};
    for (const [stack, text] of Object.entries(hcl.stacks)) parsed[stack] = await parse(`${stack}/cdk.tf`, text);
  }, 120_000);

  test("every stack is written as HCL, and only as HCL", () => {
    expect(Object.keys(hcl.stacks).sort()).toEqual(Object.keys(json.stacks).sort());
    expect(Object.keys(hcl.files).filter((path) => path.endsWith(".tf.json"))).toEqual([]);
    expect(JSON.parse(hcl.files["manifest.json"]).stacks).toEqual(
      Object.fromEntries(
        Object.entries(JSON.parse(json.files["manifest.json"]).stacks as Record<string, Record<string, string>>).map(([name, stack]) => [
          name,
          { ...stack, synthesizedStackPath: stack.synthesizedStackPath.replace(/\.tf\.json$/, ".tf") },
        ]),
      ),
    );
  });

  test("each stack's HCL has the resources and data sources of its JSON", () => {
    for (const stack of Object.keys(json.stacks)) {
      expect({ stack, addresses: addresses(parsed[stack]) }).toEqual({ stack, addresses: addresses(json.stacks[stack]) });
    }
    expect(Object.values(parsed).flatMap(addresses).length).toBeGreaterThan(20);
  });

  test("each stack's HCL says what its JSON says: values, expressions, providers, backend, outputs", () => {
    for (const stack of Object.keys(json.stacks)) {
      expect({ stack, differences: differences(json.stacks[stack], parsed[stack], stack) }).toEqual({ stack, differences: [] });
    }
  });

  test("two synths write the same bytes, in JSON and in HCL", async () => {
    const jsonAgain = synthDeployment({ cloud });
    const hclAgain = await synthHclDeployment({ cloud });
    for (const [first, second] of [
      [json, jsonAgain],
      [hcl, hclAgain],
    ] as const) {
      expect(Object.keys(second.files)).toEqual(Object.keys(first.files));
      for (const [path, text] of Object.entries(first.files)) expect({ path, same: second.files[path] === text }).toEqual({ path, same: true });
    }
  }, 120_000);

  test("no absolute path and no timestamp in any file, JSON or HCL", () => {
    expect(leaks(json.files, json.outdir)).toEqual([]);
    expect(leaks(hcl.files, hcl.outdir)).toEqual([]);
  });
});

describe.each(Object.entries(OPTIONS))("%s as HCL", (_name, config) => {
  test("each stack's HCL has the resources of its JSON and says what its JSON says", async () => {
    const json = synthDeployment(config);
    const hcl = await synthHclDeployment(config);
    expect(Object.keys(hcl.stacks).sort()).toEqual(Object.keys(json.stacks).sort());
    for (const [stack, text] of Object.entries(hcl.stacks)) {
      const parsed = await parse(`${stack}/cdk.tf`, text);
      expect({ stack, addresses: addresses(parsed) }).toEqual({ stack, addresses: addresses(json.stacks[stack]) });
      expect({ stack, differences: differences(json.stacks[stack], parsed, stack) }).toEqual({ stack, differences: [] });
    }
  }, 120_000);
});

describe("the comparison finds what the HCL gets wrong", () => {
  const json = {
    "//": { metadata: {} },
    resource: {
      aws_iam_role: { r: { name: "n", max_session_duration: 3600, policy: "{\n  \"a\": \"${x.y}\"\n}", tags: {}, inline: [] } },
      google_container_cluster: { c: { master_authorized_networks_config: { cidr_blocks: [] } } },
    },
  };
  const hcl = {
    resource: {
      aws_iam_role: { r: [{ name: "n", max_session_duration: 3600, policy: '{\n  "a": "${x.y}"\n}\n', tags: {}, inline: [] }] },
      google_container_cluster: { c: [{ master_authorized_networks_config: [{}] }] },
    },
  };
  const changed = (edit: (copy: any) => void) => {
    const copy = JSON.parse(JSON.stringify(hcl));
    edit(copy);
    return differences(json, copy, "s").map((d) => d.path);
  };

  test("the same configuration in both forms has no difference", () => {
    expect(differences(json, hcl, "s")).toEqual([]);
  });

  test("a changed literal, a missing or extra setting, a changed list or a changed expression is one", () => {
    expect(changed((c) => (c.resource.aws_iam_role.r[0].name = "m"))).toEqual(["s.resource.aws_iam_role.r.name"]);
    expect(changed((c) => (c.resource.aws_iam_role.r[0].max_session_duration = "3600"))).toEqual(["s.resource.aws_iam_role.r.max_session_duration"]);
    expect(changed((c) => delete c.resource.aws_iam_role.r[0].tags)).toEqual(["s.resource.aws_iam_role.r.tags"]);
    expect(changed((c) => (c.resource.aws_iam_role.r[0].extra = true))).toEqual(["s.resource.aws_iam_role.r.extra"]);
    expect(changed((c) => (c.resource.aws_iam_role.r[0].inline = [{}]))).toEqual(["s.resource.aws_iam_role.r.inline"]);
    expect(changed((c) => (c.resource.aws_iam_role.r[0].policy = '{\n  "a": "${x.z}"\n}\n'))).toEqual(["s.resource.aws_iam_role.r.policy"]);
    expect(changed((c) => (c.resource.aws_iam_role.r[0].policy = '{\n  "a": "${x.y}"\n}\n\n'))).toEqual(["s.resource.aws_iam_role.r.policy"]);
  });

  test("an empty list left out is one, unless it is a named list of blocks", () => {
    expect(changed((c) => delete c.resource.aws_iam_role.r[0].inline)).toEqual(["s.resource.aws_iam_role.r.inline"]);
    expect(changed((c) => (c.resource.google_container_cluster.c[0].master_authorized_networks_config[0].cidr_blocks = [{ cidr_block: "0.0.0.0/0" }]))).toEqual([
      "s.resource.google_container_cluster.c.master_authorized_networks_config.cidr_blocks",
    ]);
  });
});

describe("what cdktf 0.21 writes wrongly in HCL is written right by the project's constructs", () => {
  const hclOf = async (build: (stack: TerraformStack) => void) => {
    const scope = new TerraformStack(Testing.app(), "stack");
    new AwsProvider(scope, "aws", { region: "us-east-1" });
    build(scope);
    return { json: JSON.parse(Testing.synth(scope)), hcl: await parse("cdk.tf", Testing.synthHcl(scope)) };
  };

  test("a JSON document holding a reference: one document in JSON, a heredoc in HCL", async () => {
    const { json, hcl } = await hclOf((scope) => new IamRole(scope, "role", { name: "r", assumeRolePolicy: jsonDocument({ Statement: [{ Resource: "arn:${data.aws_partition.p.partition}:s3:::b" }] }) }));
    const policy = json.resource.aws_iam_role.role.assume_role_policy;
    expect(JSON.parse(policy)).toEqual({ Statement: [{ Resource: "arn:${data.aws_partition.p.partition}:s3:::b" }] });
    expect(hcl.resource.aws_iam_role.role[0].assume_role_policy).toBe(`${policy}\n`);
    expect(() => jsonDocument({})).toThrow(/empty document renders on one line/);
  });

  test("required_version: in the JSON terraform block, and in the HCL one (addOverride's would read `0 = \"required_version\"`)", async () => {
    const { json, hcl } = await hclOf((scope) => {
      requireTerraformVersion(scope, ">= 1.11.0");
      requireTerraformVersion(scope, ">= 1.11.0");
      requireTerraformVersion(scope, "< 2.0.0");
    });
    expect(json.terraform.required_version).toBe(">= 1.11.0, < 2.0.0");
    expect(hcl.terraform[0].required_version).toBe(">= 1.11.0, < 2.0.0");
    expect(hcl.terraform[0].required_providers).toEqual([{ aws: expect.objectContaining({ source: "aws" }) }]);
    await expect(hclOf((scope) => requireTerraformVersion(scope, "1.11 or newer"))).rejects.toThrow(/"1.11 or newer" is not one Terraform version constraint/);
  });

  test("a variable's empty default, nullable = false and sensitive = false stay in HCL (cdktf drops falsy settings)", async () => {
    const { json, hcl } = await hclOf((scope) => {
      new InputVariable(scope, "key", { type: "string", default: "", nullable: false, sensitive: false });
      new InputVariable(scope, "count", { type: "number", default: 0 });
      new InputVariable(scope, "token", { type: "string", sensitive: true });
    });
    expect(json.variable).toEqual({
      key: { type: "string", default: "", nullable: false, sensitive: false },
      count: { type: "number", default: 0 },
      token: { type: "string", sensitive: true },
    });
    expect(hcl.variable).toEqual({
      key: [{ type: "${string}", default: "", nullable: false, sensitive: false }],
      count: [{ type: "${number}", default: 0 }],
      token: [{ type: "${string}", sensitive: true }],
    });
  });
});
