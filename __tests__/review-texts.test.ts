import { synthDeployment, TerraformJson } from "./support/synth";

/*
 * What a reviewer reads in the synthesized Terraform. Blank settings are how a mistake hides in a
 * pull request (a description or a tag value that came out empty still synthesizes and plans), so
 * every string, list and map the default deployments write must have content, except the few whose
 * emptiness is the setting itself.
 */

/** Empty values the product means, by the path pattern where they may appear and why. */
const INTENDED_BLANKS: ReadonlyArray<[pattern: RegExp, why: string]> = [
  // Kubernetes RBAC: "" is the core API group (pods, secrets, ...).
  [/\.resource\.kubernetes_role_v1\.[^.]+\.rule\[\d+\]\.api_groups\[\d+\]$/, "core API group"],
  // Optional keys a user sets at deploy time; empty leaves their part out (README, coder layer).
  [/\.variable\.(provisioner_key|untagged_provisioner_key|proxy_session_token|tls_certificate|tls_private_key)_[a-z0-9_]+\.default$/, "ephemeral deploy-time input, given by npm run deploy"],
  // A NetworkPolicy's empty pod selector selects every pod in its namespace.
  [/\.resource\.kubernetes_network_policy_v1\.[^.]+\.spec\.pod_selector$/, "all pods of the namespace"],
  // Provider blocks with no settings (the azurerm provider requires `features {}`).
  [/\.provider\.(random|azurerm|time)\[0\](\.features\[0\])?$/, "provider with defaults"],
  // Empty, the providers connect to the API directly; npm run deploy sets it to its relay (stacks/kubernetes-api-relay.ts).
  [/\.variable\.kubernetes_api_relay_[a-z0-9_]+\.default$/, "no relay unless npm run deploy opens one"],
  // cdktf's own metadata of a stack with no outputs.
  [/\.\/\/\.outputs$/, "cdktf metadata"],
  // No authorized networks: the GKE control plane is reachable only privately.
  [/\.resource\.google_container_cluster\.[^.]+\.master_authorized_networks_config\.cidr_blocks$/, "private control plane"],
];

/** Paths of every empty string, list or map, JSON-encoded strings (policies, Helm values) included. */
function blanks(value: unknown, path: string, out: string[] = []): string[] {
  if (typeof value === "string") {
    if (value === "") out.push(path);
    else if (/^\s*[[{]/.test(value)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return out; // a Terraform expression such as `${...}`, not JSON
      }
      blanks(parsed, `${path}<json>`, out);
    }
  } else if (Array.isArray(value)) {
    if (value.length === 0) out.push(path);
    value.forEach((v, i) => blanks(v, `${path}[${i}]`, out));
  } else if (value && typeof value === "object") {
    if (Object.keys(value).length === 0) out.push(path);
    for (const [key, v] of Object.entries(value)) blanks(v, `${path}.${key}`, out);
  }
  return out;
}

const CLOUDS = ["aws", "gcp", "azure"] as const;
const deployments = Object.fromEntries(CLOUDS.map((cloud) => [cloud, synthDeployment({ cloud }).stacks])) as Record<
  (typeof CLOUDS)[number],
  Record<string, TerraformJson>
>;

/** Paths of the blanks a deployment's stacks hold that are not on the intended list. */
function unexpectedBlanks(stacks: Record<string, TerraformJson>): string[] {
  return Object.entries(stacks)
    .flatMap(([name, json]) => blanks(json, name))
    .filter((path) => !INTENDED_BLANKS.some(([pattern]) => pattern.test(path)));
}

/** Options that take other paths through the constructs than the defaults do. */
/** Your own certificate from the secret store, DNS kept elsewhere: no zone lookups, records or cert-manager. */
const OWN_CERTIFICATE = { domain: "acme.dev", tls: { mode: "pem" }, dns: { manage: false } };
const PUBLIC_API = { apiAllowedCidrs: ["203.0.113.0/24"] };
const NO_REPLICA = { crossRegionReplica: false };
const OPTION_SETS: ReadonlyArray<[label: string, config: Record<string, unknown>]> = [
  [
    "aws with the bastion, private API CIDRs, an S3 backend with a lock table, own certificate, DNS elsewhere",
    {
      aws: { bastion: true, privateApiCidrs: ["10.50.0.0/24"] },
      backend: { type: "s3", bucket: "acme-tfstate", region: "eu-west-1", dynamodbTable: "locks" },
      coder: OWN_CERTIFICATE,
    },
  ],
  ["aws without the replica", { database: NO_REPLICA }],
  ["gcp with a public API, a GCS backend, own certificate, DNS elsewhere", { cloud: "gcp", kubernetes: PUBLIC_API, backend: { type: "gcs", bucket: "acme-tfstate" }, coder: OWN_CERTIFICATE }],
  ["gcp without the replica", { cloud: "gcp", database: NO_REPLICA }],
  [
    "azure with a public API, an azurerm backend, own certificate, DNS elsewhere",
    {
      cloud: "azure",
      kubernetes: PUBLIC_API,
      backend: { type: "azurerm", resourceGroupName: "tfstate", storageAccountName: "acmetfstate", containerName: "tfstate" },
      coder: OWN_CERTIFICATE,
    },
  ],
  ["azure without the replica", { cloud: "azure", database: NO_REPLICA }],
];

test.each(OPTION_SETS)("%s: no string, list or map is blank unless blank is the setting", (_label, config) => {
  expect(unexpectedBlanks(synthDeployment(config).stacks)).toEqual([]);
});

describe.each(CLOUDS)("the default %s deployment, as a reviewer reads it", (cloud) => {
  const stacks = deployments[cloud];

  test("no string, list or map is blank unless blank is the setting", () => {
    expect(unexpectedBlanks(stacks)).toEqual([]);
  });

  test("every input variable and output says what it holds", () => {
    for (const [name, json] of Object.entries(stacks)) {
      for (const kind of ["variable", "output"] as const) {
        for (const [key, body] of Object.entries((json[kind] ?? {}) as Record<string, TerraformJson>)) {
          if (key.startsWith("cross-stack-output-")) continue; // cdktf's own wiring between stacks
          expect({ stack: name, [kind]: key, description: body.description }).toEqual({
            stack: name,
            [kind]: key,
            description: expect.stringMatching(/\w+ \w+/),
          });
        }
      }
    }
  });

  test("IAM statement IDs are unique within each policy", () => {
    const documents = Object.values(stacks).flatMap((json) =>
      Object.values(json.resource ?? {}).flatMap((byName) =>
        Object.values(byName as Record<string, TerraformJson>).flatMap((body) =>
          ["policy", "assume_role_policy"].filter((a) => typeof body[a] === "string" && body[a].startsWith("{")).map((a) => JSON.parse(body[a])),
        ),
      ),
    );
    for (const document of documents) {
      const sids = (document.Statement ?? []).map((s: TerraformJson) => s.Sid).filter((sid: unknown) => sid !== undefined);
      expect(new Set(sids).size).toBe(sids.length);
    }
  });
});

describe("AWS network resources carry a Name tag", () => {
  // The console lists VPC resources by their Name tag; untagged ones show as "-" (VPC user guide, tagging).
  const NAMED_TYPES = ["aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_route_table", "aws_security_group", "aws_default_security_group"];

  const withBastion = synthDeployment({ aws: { bastion: true } }).stacks;
  test.each(Object.keys(withBastion).filter((s) => s.endsWith("-infra")))("%s (with the bastion): each has a Name, unique within its type", (stack) => {
    const json = withBastion[stack];
    for (const type of NAMED_TYPES) {
      const names = Object.values((json.resource?.[type] ?? {}) as Record<string, TerraformJson>).map((body) => body.tags?.Name);
      expect({ type, names }).toEqual({ type, names: names.map(() => expect.stringMatching(/^[a-z0-9-]+$/)) });
      expect(new Set(names).size).toBe(names.length);
    }
    expect(Object.keys(json.resource.aws_internet_gateway ?? {})).toHaveLength(1);
  });
});
