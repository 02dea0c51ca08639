import { synthDeployment, TerraformJson } from "./support/synth";
import { synthHclDeployment } from "./support/hcl-synth";
import { Diagnostic, findPluginMirror, forMirror, hclMirrorModules, jsonMirrorModules, terraformBinary, terraformVersion, validateModules } from "./support/terraform-mirror";

/**
 * `terraform validate` on the synthesized AWS stacks, against the offline hashicorp/aws mirror
 * (REFERENCE.md section 5). It checks attribute names, block shapes, references and the provider's
 * own validators; what the AWS APIs refuse at apply time is pinned by the other tests.
 *
 * Without a terraform binary or a mirror this cannot run. It then says so: a warning on the
 * console and the stacks' tests reported as skipped, and in CI (CI=true) a failure, because CI
 * runs on the same kind of machine as this one, where both exist; a CI run that cannot validate
 * must not look green.
 */

interface MirrorAgeException {
  readonly resourceType: string;
  readonly attribute: string;
  /** The aws provider version that added the attribute: the mirror is older. */
  readonly addedIn: string;
  readonly why: string;
}

/**
 * Attributes the bindings' provider (aws 6.25) has and the mirrored one (5.100.0) lacks: the mirror
 * would call each an "Extraneous JSON object property", which is its age, not a defect. They are
 * removed from the copy before validating (an error in one block can hide others, so they are not
 * merely filtered from the results); each must still occur in the output (a stale entry fails),
 * and none is removed once the mirror is as new as `addedIn`.
 */
const MIRROR_AGE_EXCEPTIONS: readonly MirrorAgeException[] = [
  {
    resourceType: "aws_kms_key",
    attribute: "region",
    addedIn: "6.0.0",
    why: "the key of the master secret's replica lives in the replica's region (resource-level region, aws provider 6.0 'enhanced region support')",
  },
  { resourceType: "aws_kms_alias", attribute: "region", addedIn: "6.0.0", why: "the alias of that key, in the same region" },
];

const olderThan = (version: string, than: string) => {
  const [a, b] = [version, than].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
};

/** A copy without the attributes the mirror is too old to know; records which ones it found. */
function withoutMirrorAgeAttributes(stack: TerraformJson, exceptions: readonly MirrorAgeException[], found: Set<MirrorAgeException>): TerraformJson {
  const copy: TerraformJson = JSON.parse(JSON.stringify(stack));
  for (const exception of exceptions) {
    for (const body of Object.values<TerraformJson>(copy.resource?.[exception.resourceType] ?? {})) {
      if (exception.attribute in body) {
        delete body[exception.attribute];
        found.add(exception);
      }
    }
  }
  return copy;
}

/** The HCL form of withoutMirrorAgeAttributes: the attribute's line in each block of the type (top-level attributes are indented two spaces). */
function withoutHclMirrorAgeAttributes(hcl: string, exceptions: readonly MirrorAgeException[]): string {
  let text = hcl;
  for (const { resourceType, attribute } of exceptions) {
    text = text.replace(new RegExp(`^resource "${resourceType}" "[^"]+" \\{\\n(?:(?!^\\}).*\\n)*?^\\}`, "gm"), (block) =>
      block.replace(new RegExp(`^  ${attribute}\\s*=.*\\n`, "m"), ""),
    );
  }
  return text;
}

const describeDiagnostic = (d: Diagnostic) => `${d.severity}: ${d.summary} ${d.detail} (${d.address ?? "no address"})`;

const binary = terraformBinary();
const version = terraformVersion(binary);
const mirror = findPluginMirror();
const missing = [version ? undefined : `no "${binary}" binary`, mirror ? undefined : "no provider mirror (TF_PLUGIN_MIRROR, default /opt/tf-plugins)"].filter(Boolean);
const runnable = missing.length === 0 ? test : test.skip;

const deployments: Record<string, Record<string, TerraformJson>> = {
  default: synthDeployment().stacks,
  "replica off": synthDeployment({ database: { crossRegionReplica: false } }).stacks,
  // The zone named by ID (no lookup by name), and the path with no zone at all (your certificate, DNS elsewhere).
  "zone by ID": synthDeployment({ coder: { domain: "acme.dev" }, aws: { dnsZoneId: "Z0123456789ABCDEFGHIJ" } }).stacks,
  "own certificate": synthDeployment({ coder: { domain: "acme.dev", tls: { mode: "pem" }, dns: { manage: false } } }).stacks,
};
const cases = Object.fromEntries(Object.entries(deployments).flatMap(([name, stacks]) => Object.entries(stacks).map(([stack, json]) => [`${name}: ${stack}`, json])));
const exceptions = mirror ? MIRROR_AGE_EXCEPTIONS.filter((e) => olderThan(mirror.awsVersion, e.addedIn)) : [];
const found = new Set<MirrorAgeException>();

// The HCL synthesis (npm run synth:hcl) of the infrastructure stacks. The HCL renderer of cdktf 0.21
// writes lifecycle conditions as arguments and references as quoted strings;
// lib/terraform/hcl-meta-arguments.ts gives them the forms Terraform reads. Only what is validated
// here is known to be read: Terraform refuses an unsupported argument, warns on a quoted reference.
const hcl = missing.length === 0 ? synthHclDeployment({ aws: { clusterAdminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admin"] } }) : undefined;
const HCL_STACKS = ["aws-us-east-1-infra", "aws-us-west-2-infra"];

// One terraform run for the JSON and the HCL stacks: most of the time goes into loading the provider's schema.
const results: Promise<Record<string, Diagnostic[]>> = hcl
  ? hcl.then((deployment) =>
      validateModules(
        {
          ...jsonMirrorModules(Object.fromEntries(Object.entries(cases).map(([name, json]) => [name, withoutMirrorAgeAttributes(json, exceptions, found)])), mirror!),
          ...hclMirrorModules(Object.fromEntries(HCL_STACKS.map((name) => [`hcl: ${name}`, withoutHclMirrorAgeAttributes(deployment.stacks[name], exceptions)])), mirror!),
        },
        mirror!,
        binary,
      ),
    )
  : Promise.resolve({});

describe("terraform validate against the offline AWS provider mirror", () => {
  if (missing.length > 0) {
    test("could not run here, and says so", () => {
      console.warn(`terraform validate NOT RUN: ${missing.join(", ")}; the validate tests are skipped.`);
      if (process.env.CI && !["false", "0"].includes(process.env.CI)) throw new Error(`terraform validate cannot run in CI: ${missing.join(", ")}`);
    });
  }

  runnable.each(Object.keys(cases))("%s is valid Terraform, with no warning", async (name) => {
    expect((await results)[name].map(describeDiagnostic)).toEqual([]);
  }, 120_000);

  runnable("every mirror-age exception still occurs (none is stale)", async () => {
    await results;
    expect(exceptions.filter((e) => !found.has(e)).map((e) => `${e.resourceType}.${e.attribute}`)).toEqual([]);
  });

  runnable("the copy for the mirror keeps every AWS resource and drops only the unmirrored providers", () => {
    const primary = Object.entries(deployments.default).find(([name]) => name.endsWith("-infra"))![1];
    const copy = forMirror(primary, mirror!.awsVersion);
    expect(Object.keys(copy.terraform.required_providers)).toEqual(["aws"]);
    expect(copy.terraform.required_providers.aws.version).toBe(mirror!.awsVersion);
    const awsTypes = (json: TerraformJson) => Object.keys(json.resource).filter((t) => t.startsWith("aws_"));
    expect(awsTypes(copy)).toEqual(awsTypes(primary));
    expect(JSON.stringify(copy)).not.toMatch(/random_/);
  });
});

describe("the mirror copy's rewriting", () => {
  test("references to dropped providers become literals, dependencies on them disappear", () => {
    const stack = {
      terraform: { required_providers: { aws: { source: "aws", version: "6.25.0" }, random: { source: "hashicorp/random" } } },
      provider: { aws: [{}], random: [{}] },
      resource: {
        random_id: { x: { byte_length: 4 } },
        aws_db_instance: {
          db: { final_snapshot_identifier: "db-${random_id.x.hex}", depends_on: ["random_id.x", "aws_kms_key.k"], note: "random_id.x.hex", kms_key_id: "${aws_kms_key.random_key.arn}" },
        },
      },
    };
    const copy = forMirror(stack, "5.100.0");
    expect(copy.resource).toEqual({
      aws_db_instance: { db: { final_snapshot_identifier: 'db-${"not-mirrored"}', depends_on: ["aws_kms_key.k"], note: "random_id.x.hex", kms_key_id: "${aws_kms_key.random_key.arn}" } },
    });
    expect(copy.provider).toEqual({ aws: [{}] });
    expect(copy.terraform.required_providers).toEqual({ aws: { source: "aws", version: "5.100.0" } });
  });
});

describe("terraform validate of the HCL synthesis (npm run synth:hcl) against the offline AWS provider mirror", () => {
  runnable.each(HCL_STACKS)("%s as HCL is valid Terraform, with no warning", async (name) => {
    expect((await results)[`hcl: ${name}`].map(describeDiagnostic)).toEqual([]);
  }, 120_000);

  runnable("the HCL has lifecycle conditions as blocks and references unquoted", async () => {
    const { stacks } = (await hcl)!;
    for (const text of Object.values(stacks)) {
      expect(text).not.toMatch(/\b(precondition|postcondition)\s*=/);
      expect(text).not.toMatch(/\b(depends_on|ignore_changes)\s*=\s*\[\s*"/);
    }
    expect(stacks["aws-us-east-1-infra"]).toMatch(/lifecycle \{\n\s+precondition \{\n\s+condition\s+= /);
    expect(stacks["aws-us-east-1-infra"]).toMatch(/ignore_changes = \[tag_specifications\]/);
  });
});
