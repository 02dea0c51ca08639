import { readFileSync } from "node:fs";
import { literalHelmValues } from "../lib/terraform/helm-values-documents";
import { join } from "node:path";
import Ajv from "ajv";
import { parse as parseYaml } from "yaml";
import { CODER_INGRESS_OUTPUT } from "../lib/contracts/coder-ingress";
import { ACME_ISSUER, CERTIFICATE_WAIT } from "../lib/coder/coder-certificate";
import { CoderRegionPlan, CODER_TLS_SECRET } from "../lib/plan/coder-plan";
import { CERT_MANAGER_CHART, RELOADER_CHART } from "../lib/reference/addon-charts";
import { LETS_ENCRYPT_PRODUCTION } from "../lib/config/schema";
import { CLOUDS, Cloud } from "../lib/reference/types";
import { unknownChartKeys } from "./support/chart-values";
import { planOf, resources, synthDeployment, TerraformJson } from "./support/synth";

/**
 * Coder on https at hosts of its own domain: an address reserved in the infrastructure stack, DNS
 * records to it, a certificate from ACME DNS-01 (cert-manager acting as a cloud identity allowed to
 * change only the zone) or your own PEM, Coder serving 443 itself and rolled when the certificate
 * is renewed. Sources in the comments; runtime facts in docs/coder.md.
 */

const DOMAIN = "acme.dev";
const configOf = (cloud: Cloud, coder: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  cloud,
  ...(cloud === "gcp" ? { gcp: { project: "acme-coder-prod" } } : {}),
  coder: { domain: DOMAIN, tls: { acmeEmail: "ops@acme.dev" }, ...coder },
  ...extra,
});
/** The `//` metadata path of a resource: which construct made it. */
const pathOf = (body: TerraformJson): string => body["//"].metadata.path;
const withPath = (json: TerraformJson, type: string, fragment: string) => resources(json, type).filter((r) => pathOf(r).includes(fragment));
/** The object of a kubernetes_manifest, which lib/coder/coder-certificate.ts keeps in a local (cdktf's HCL turns inline lists into maps). */
const objectOf = (json: TerraformJson, resource: TerraformJson): TerraformJson => json.locals[/^\$\{local\.([\w-]+)\}$/.exec(resource.manifest)![1]];
/** kubernetes_manifest resources of a kind, each with its object as `manifest`. */
const manifests = (json: TerraformJson, kind: string) =>
  resources(json, "kubernetes_manifest")
    .map((resource) => ({ resource, manifest: objectOf(json, resource) }))
    .filter((m) => m.manifest.kind === kind)
    .map(({ resource, manifest }): TerraformJson => ({ ...resource, manifest, address: addressOfResource(json, resource) }));
const coderRelease = (json: TerraformJson) => resources(json, "helm_release").find((r) => r.chart === "coder")!;
const addressOfResource = (json: TerraformJson, body: TerraformJson) => {
  for (const [type, named] of Object.entries<Record<string, TerraformJson>>(json.resource)) {
    for (const [name, candidate] of Object.entries(named)) if (candidate === body) return `${type}.${name}`;
  }
  throw new Error("not in the stack");
};

describe.each(CLOUDS)("%s: Coder on https at its own hosts, with ACME certificates", (cloud) => {
  const { stacks, files } = synthDeployment(configOf(cloud));
  const manifest = JSON.parse(files["manifest.json"]);
  const plan = planOf(configOf(cloud));
  const regions = [
    { region: plan.primary, coder: plan.coder.primary },
    { region: plan.secondary, coder: plan.coder.secondary },
  ];
  const stack = (prefix: string, kind: "infra" | "coder" | "addons") => stacks[`${prefix}-${kind}`];

  test("each region's certificate holds its host and the host's wildcard: four names over the deployment, each in the domain", () => {
    const names: string[] = [];
    for (const { region, coder } of regions) {
      const [certificate] = manifests(stack(region.stackPrefix, "coder"), "Certificate");
      const ingress = coder.ingress!;
      expect(certificate.manifest.spec.dnsNames).toEqual([ingress.host, `*.${ingress.wildcardParent}`]);
      names.push(...certificate.manifest.spec.dnsNames);
      expect(certificate.manifest.metadata).toEqual({ name: CODER_TLS_SECRET, namespace: "coder" });
      expect(certificate.manifest.spec.secretName).toBe(CODER_TLS_SECRET);
      // cert-manager 1.19 defaults issuerRef.group and kind server-side (cert-manager PR 7414): both set, so no diff.
      expect(certificate.manifest.spec.issuerRef).toEqual({ group: "cert-manager.io", kind: "ClusterIssuer", name: ACME_ISSUER });
      // rotationPolicy Always is cert-manager 1.18+'s default, set so a renewal never reuses the key.
      expect(certificate.manifest.spec.privateKey).toEqual({ algorithm: "ECDSA", size: 256, rotationPolicy: "Always" });
      // Terraform waits until the certificate is issued: the release that mounts it comes after.
      expect(certificate.wait).toEqual({ condition: [{ type: "Ready", status: "True" }] });
      expect(certificate.timeouts.create).toBe(CERTIFICATE_WAIT);
    }
    expect(names).toEqual(["coder.acme.dev", "*.coder.acme.dev", "coder-proxy.acme.dev", "*.coder-proxy.acme.dev"]);
    for (const name of names) expect(name.endsWith(`.${DOMAIN}`)).toBe(true);
  });

  test("the ClusterIssuer asks Let's Encrypt, with the account's contact, through the cloud's DNS zone", () => {
    for (const { region } of regions) {
      const [issuer] = manifests(stack(region.stackPrefix, "coder"), "ClusterIssuer");
      const acme = issuer.manifest.spec.acme;
      expect(issuer.manifest.metadata.name).toBe(ACME_ISSUER);
      expect(acme.server).toBe(LETS_ENCRYPT_PRODUCTION);
      expect(acme.email).toBe("ops@acme.dev");
      expect(acme.privateKeySecretRef).toEqual({ name: "coder-acme-account" });
      expect(acme.solvers).toHaveLength(1);
      const dns01 = acme.solvers[0].dns01;
      // Ambient credentials (workload identity) are allowed for a ClusterIssuer by default: no secret in the issuer.
      expect(JSON.stringify(dns01)).not.toMatch(/SecretRef|accessKeyID|clientSecret/);
      if (cloud === "aws") {
        // With the zone's ID cert-manager never lists zones (route53.md): the role needs no ListHostedZonesByName.
        expect(Object.keys(dns01.route53)).toEqual(["hostedZoneID"]);
        expect(dns01.route53.hostedZoneID).toMatch(/aws_route53_zone.*zone_id\}$/);
      } else if (cloud === "gcp") {
        // hostedZoneName is the zone's name, not its DNS name (cert-manager google.md); set, no zone listing.
        expect(dns01.cloudDNS.project).toMatch(/project_id\}$/);
        expect(dns01.cloudDNS.hostedZoneName).toContain(`z.dns_name == \\"${DOMAIN}.\\"`.replace(/\\/g, ""));
      } else {
        expect(dns01.azureDNS).toMatchObject({ hostedZoneName: DOMAIN, environment: "AzurePublicCloud" });
        expect(dns01.azureDNS.managedIdentity.clientID).toMatch(/user_assigned_identity.*client_id\}$/);
        expect(dns01.azureDNS.resourceGroupName).toMatch(/dns_zone.*resource_group_name\}$/);
        expect(dns01.azureDNS.subscriptionID).toMatch(/^\$\{split\("\/", /);
      }
    }
  });

  test("coderd and the proxy serve 443 themselves from the secret, installed only once it exists, and coderd redirects plain HTTP", () => {
    for (const { region, coder } of regions) {
      const json = stack(region.stackPrefix, "coder");
      const release = coderRelease(json);
      const values = literalHelmValues(release).coder;
      // helm/coder/templates/_coder.tpl: tls.secretNames sets CODER_TLS_ENABLE, the 8443 port and the Service's 443.
      expect(values.tls).toEqual({ secretNames: [CODER_TLS_SECRET] });
      const [certificate] = manifests(json, "Certificate");
      expect(release.depends_on).toContain(certificate.address);
      const redirect = values.env.find((e: TerraformJson) => e.name === "CODER_REDIRECT_TO_ACCESS_URL");
      // cli/server.go redirectToAccessURL: plain HTTP goes to the https access URL, /healthz excepted (the probes).
      // The proxy (enterprise/cli/proxyserver.go) does not read it: its port 80 is for issue 20's ingress rules.
      expect(redirect?.value).toBe(coder.server!.kind === "coderd" ? "true" : undefined);
      // No TLS variables by hand: the chart sets them from tls.secretNames (helm/coder/README).
      expect(values.env.map((e: TerraformJson) => e.name).filter((n: string) => n.startsWith("CODER_TLS_"))).toEqual([]);
    }
  });

  test("a renewed certificate rolls coderd and the proxy: Reloader, in their namespace only, watches the secret", () => {
    for (const { region } of regions) {
      const json = stack(region.stackPrefix, "coder");
      // Coder reads the certificate once at start (coder/coder cli/server.go configureServerTLS): a new secret needs new pods.
      expect(literalHelmValues(coderRelease(json)).coder.annotations).toEqual({ "secret.reloader.stakater.com/reload": CODER_TLS_SECRET });
      const reloader = resources(json, "helm_release").find((r) => r.chart === "reloader")!;
      expect(reloader).toMatchObject({ repository: RELOADER_CHART.repository, version: RELOADER_CHART.version, namespace: "coder", name: "coder-reloader" });
      const values = literalHelmValues(reloader);
      // watchGlobally false: a Role in the namespace, no cluster-wide read of secrets (Reloader chart README).
      expect(values.reloader).toMatchObject({ watchGlobally: false, reloadStrategy: "annotations" });
      expect(values.reloader.deployment.nodeSelector).toEqual({ "coder-refarch/pool": "system" });
    }
  });

  test("the load balancer sits on the address the infrastructure stack reserved", () => {
    for (const { region } of regions) {
      const release = coderRelease(stack(region.stackPrefix, "coder"));
      // References to the infra stack's state: in a values document of their own, first (lib/terraform/helm-values-documents.ts).
      expect(release.values).toHaveLength(2);
      const references = release.values[0];
      const infra = stack(region.stackPrefix, "infra");
      if (cloud === "aws") {
        // cloud-provider-aws: EIP allocations on an NLB, one per subnet, only at creation; the subnets pinned to match.
        expect(references).toMatch(/"service\.beta\.kubernetes\.io\/aws-load-balancer-eip-allocations" = join\(",", \[[^\]]*address-0[^\]]*allocation_id, [^\]]*address-1[^\]]*allocation_id\]\)/);
        expect(references).toMatch(/"service\.beta\.kubernetes\.io\/aws-load-balancer-subnets" = join\(",", \[[^\]]*public-subnet-0[^\]]*id, [^\]]*public-subnet-1[^\]]*id\]\)/);
        expect(withPath(infra, "aws_eip", "/coder-ingress/")).toHaveLength(2);
      } else if (cloud === "gcp") {
        // ingress-gce l4_static_address.go: the annotation takes regional address names, looked up in the cluster's region.
        expect(references).toMatch(/"networking\.gke\.io\/load-balancer-ip-addresses" = [^,}]*google_compute_address[^,}]*name\}/);
        const [address] = withPath(infra, "google_compute_address", "/coder-ingress/");
        expect(address).toMatchObject({ address_type: "EXTERNAL", region: region.region });
        // The backend-service load balancer, whose controller reads that annotation.
        expect(literalHelmValues(coderRelease(stack(region.stackPrefix, "coder"))).coder.service.annotations["cloud.google.com/l4-rbs"]).toBe("enabled");
      } else {
        // AKS static-ip.md: a Standard static public IP, by name, with the resource group it lives in.
        expect(references).toMatch(/"service\.beta\.kubernetes\.io\/azure-pip-name" = [^,]*public_ip[^,]*name/);
        expect(references).toMatch(/"service\.beta\.kubernetes\.io\/azure-load-balancer-resource-group" = [^,]*resource_group[^,]*name/);
        const [address] = withPath(infra, "azurerm_public_ip", "/coder-ingress/");
        // Zone-redundant: a Standard address with no zones is not (azurerm public_ip docs).
        expect(address).toMatchObject({ sku: "Standard", allocation_method: "Static", zones: ["1", "2", "3"] });
        // The cluster's identity may use it: Network Contributor where it lives, before the Service asks.
        const grant = withPath(infra, "azurerm_role_assignment", "/coder-ingress/").find((r) => r.role_definition_name === "Network Contributor")!;
        expect(grant.scope).toBe(address.resource_group_name.replace(/\.name\}$/, ".id}"));
      }
      expect(infra.output[CODER_INGRESS_OUTPUT]).toBeDefined();
    }
  });

  test("the records of each region's host and wildcard point at its reserved address, in the zone of the domain", () => {
    for (const { region, coder } of regions) {
      const infra = stack(region.stackPrefix, "infra");
      const ingress = coder.ingress!;
      if (cloud === "aws") {
        const records = withPath(infra, "aws_route53_record", "/coder-ingress/");
        expect(records.map((r) => [r.name, r.type, r.ttl])).toEqual(ingress.certificateNames.map((n) => [n, "A", 300]));
        for (const record of records) expect(record.records).toEqual([expect.stringMatching(/aws_eip\..*address-0.*public_ip\}$/), expect.stringMatching(/aws_eip\..*address-1.*public_ip\}$/)]);
      } else if (cloud === "gcp") {
        const records = withPath(infra, "google_dns_record_set", "/coder-ingress/");
        // Cloud DNS names are absolute, with the trailing dot.
        expect(records.map((r) => [r.name, r.type, r.ttl])).toEqual(ingress.certificateNames.map((n) => [`${n}.`, "A", 300]));
        for (const record of records) expect(record.rrdatas).toEqual([expect.stringMatching(/google_compute_address\..*\.address\}$/)]);
      } else {
        const records = withPath(infra, "azurerm_dns_a_record", "/coder-ingress/");
        // Azure DNS names are relative to the zone.
        expect(records.map((r) => [r.name, r.ttl])).toEqual(ingress.recordNames.map((n) => [n, 300]));
        expect(ingress.recordNames).toEqual(region.role === "primary" ? ["coder", "*.coder"] : ["coder-proxy", "*.coder-proxy"]);
        for (const record of records) expect(record.records).toEqual([expect.stringMatching(/azurerm_public_ip\..*ip_address\}$/)]);
      }
    }
  });

  test("a zone that is not the domain's stops the plan, naming both", () => {
    const infra = stack(plan.primary.stackPrefix, "infra");
    if (cloud === "aws") {
      const [zone] = Object.values<TerraformJson>(infra.data.aws_route53_zone);
      expect(zone).toMatchObject({ name: DOMAIN, private_zone: false });
      expect(zone.lifecycle.postcondition[0].condition).toBe(`\${trimsuffix(self.name, ".") == "${DOMAIN}"}`);
    } else if (cloud === "gcp") {
      const [zones] = Object.values<TerraformJson>(infra.data.google_dns_managed_zones);
      // Exactly one public zone of the domain: a private zone of the same name answers no ACME server.
      expect(zones.lifecycle.postcondition[0].condition).toContain(`z.dns_name == "${DOMAIN}." && z.visibility == "public"]) == 1`);
      expect(zones.lifecycle.postcondition[0].error_message).toMatch(/gcp\.dnsZone/);
    } else {
      // Looked up by its exact name (and resource group, when given): nothing else can match.
      expect(Object.values<TerraformJson>(infra.data.azurerm_dns_zone)[0]).toEqual(expect.objectContaining({ name: DOMAIN }));
    }
  });

  test("cert-manager, pinned with its CRDs kept, runs on the system pool in an add-ons stack the coder stack waits for", () => {
    for (const { region } of regions) {
      const addons = stack(region.stackPrefix, "addons");
      const release = resources(addons, "helm_release").find((r) => r.chart === "cert-manager")!;
      expect(release).toMatchObject({ repository: CERT_MANAGER_CHART.repository, version: CERT_MANAGER_CHART.version, namespace: "cert-manager", create_namespace: true });
      const values = literalHelmValues(release);
      // crds.keep: uninstalling the release never deletes the Certificates (cert-manager helm.md).
      expect(values.crds).toEqual({ enabled: true, keep: true });
      for (const component of [values, values.webhook, values.cainjector]) expect(component.nodeSelector).toEqual({ "coder-refarch/pool": "system" });
      expect(values.serviceAccount.name).toBe("cert-manager");
      // The custom resources can be planned only once the CRDs exist (terraform-provider-kubernetes issue 1367).
      expect(manifest.stacks[`${region.stackPrefix}-coder`].dependencies).toContain(`${region.stackPrefix}-addons`);
    }
  });

  test("cert-manager's cloud identity may change only the zone of the domain, and only cert-manager may take it", () => {
    for (const { region, coder } of regions) {
      const infra = stack(region.stackPrefix, "infra");
      const values = resources(stack(region.stackPrefix, "addons"), "helm_release").find((r) => r.chart === "cert-manager")!.values;
      if (cloud === "aws") {
        const [role] = withPath(infra, "aws_iam_role", "/coder-ingress/");
        const trust = JSON.parse(role.assume_role_policy).Statement[0];
        expect(trust.Condition.StringEquals).toEqual(expect.objectContaining({ "${local.cluster_oidc-issuer_C9542004}:sub": "system:serviceaccount:cert-manager:cert-manager" }));
        const [policy] = withPath(infra, "aws_iam_role_policy", "/coder-ingress/");
        const [change, follow] = JSON.parse(policy.policy).Statement;
        expect(change.Action).toEqual(["route53:ChangeResourceRecordSets"]);
        expect(change.Resource).toMatch(/aws_route53_zone.*\.arn\}$/);
        // TXT records at the challenge name only, upserted and deleted (AWS Route 53 "specifying-rrset-conditions").
        expect(change.Condition).toEqual({
          "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"], "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"] },
          "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": [`_acme-challenge.${coder.ingress!.wildcardParent}`] },
        });
        expect(follow.Action).toEqual(["route53:GetChange"]);
        expect(values[0]).toMatch(/"eks\.amazonaws\.com\/role-arn" = .*cert-manager-role.*arn/);
      } else if (cloud === "gcp") {
        const [binding] = withPath(infra, "google_dns_managed_zone_iam_member", "/coder-ingress/");
        // On the zone, not the project: cert-manager with hostedZoneName never lists zones (clouddns.go).
        expect(binding.role).toBe("roles/dns.admin");
        expect(binding.managed_zone).toMatch(/google_dns_managed_zones/);
        const [workloadIdentity] = withPath(infra, "google_service_account_iam_member", "/coder-ingress/");
        expect(workloadIdentity).toMatchObject({ role: "roles/iam.workloadIdentityUser", member: expect.stringMatching(/\.svc\.id\.goog\[cert-manager\/cert-manager\]$/) });
        expect(values[0]).toMatch(/"iam\.gke\.io\/gcp-service-account" = .*google_service_account.*email/);
      } else {
        const grant = withPath(infra, "azurerm_role_assignment", "/coder-ingress/").find((r) => r.role_definition_name === "DNS Zone Contributor")!;
        expect(grant.scope).toMatch(/data\.azurerm_dns_zone\..*\.id\}$/);
        const [federation] = withPath(infra, "azurerm_federated_identity_credential", "/coder-ingress/");
        expect(federation).toMatchObject({ subject: "system:serviceaccount:cert-manager:cert-manager", audience: ["api://AzureADTokenExchange"] });
        expect(federation.issuer).toMatch(/azurerm_kubernetes_cluster\..*oidc_issuer_url\}$/);
        // The workload identity webhook injects the token only into pods labelled for it (azure-workload-identity docs).
        expect(JSON.parse(values[values.length - 1]).podLabels).toEqual({ "azure.workload.identity/use": "true" });
      }
    }
  });

  test("the add-on charts accept the values given: cert-manager's schema, Reloader's declared keys", () => {
    // cert-manager's values.schema.json forbids unknown keys: a typo fails the install, so it fails here first.
    const schema = JSON.parse(readFileSync(join(__dirname, "fixtures", "charts", `cert-manager-${CERT_MANAGER_CHART.version}.values.schema.json`), "utf8"));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const reloaderKeys = parseYaml(readFileSync(join(__dirname, "fixtures", "charts", `reloader-${RELOADER_CHART.version}.values.yaml`), "utf8"));
    for (const { region } of regions) {
      const certManager = resources(stack(region.stackPrefix, "addons"), "helm_release").find((r) => r.chart === "cert-manager")!;
      expect(validate(literalHelmValues(certManager)) ? [] : validate.errors).toEqual([]);
      const reloader = resources(stack(region.stackPrefix, "coder"), "helm_release").find((r) => r.chart === "reloader")!;
      expect(unknownChartKeys(literalHelmValues(reloader), reloaderKeys)).toEqual([]);
    }
    expect(validate({ crds: { enabled: true }, webhok: {} })).toBe(false);
  });
});

describe.each(CLOUDS)("%s: your own certificate", (cloud) => {
  const own = { tls: { mode: "pem" }, dns: { manage: false } };
  const { stacks } = synthDeployment(configOf(cloud, own));
  const plan = planOf(configOf(cloud, own));

  test("with DNS elsewhere: no zone, records, identity or cert-manager; the reserved addresses are output for your records", () => {
    for (const region of [plan.primary, plan.secondary]) {
      const infra = stacks[`${region.stackPrefix}-infra`];
      const text = JSON.stringify(infra);
      expect(text).not.toMatch(/route53|google_dns|azurerm_dns|cert-manager|federated_identity/);
      expect(infra.output[CODER_INGRESS_OUTPUT]).toBeDefined();
      expect(JSON.stringify(stacks[`${region.stackPrefix}-coder`])).not.toMatch(/"kubernetes_manifest"/);
      // AWS keeps its add-ons stack for the Cluster Autoscaler; elsewhere cert-manager was its only release.
      const addons = stacks[`${region.stackPrefix}-addons`];
      if (cloud === "aws") expect(resources(addons, "helm_release").map((r) => r.chart)).toEqual(["cluster-autoscaler"]);
      else expect(addons).toBeUndefined();
    }
  });

  test("each region's pair is written write-only from its store into one kubernetes.io/tls secret, before the release, on every pass", () => {
    for (const { region, coder } of [
      { region: plan.primary, coder: plan.coder.primary },
      { region: plan.secondary, coder: plan.coder.secondary },
    ]) {
      const json = stacks[`${region.stackPrefix}-coder`];
      const secret = resources(json, "kubernetes_secret_v1").find((s) => s.metadata.name === CODER_TLS_SECRET)!;
      expect(secret.type).toBe("kubernetes.io/tls");
      const [certificate, key] = (coder as CoderRegionPlan).bootstrapSecrets.filter((s) => s.neededOnFirstPass);
      expect(secret.data_wo).toEqual({ "tls.crt": `\${trimspace(var.${certificate.variable})}`, "tls.key": `\${trimspace(var.${key.variable})}` });
      // Coder cannot start without it: no count, so the first pass has it too.
      expect(secret.count).toBeUndefined();
      expect(secret.lifecycle.precondition.map((p: TerraformJson) => p.error_message)).toEqual([
        expect.stringMatching(new RegExp(`^TF_VAR_${certificate.variable} \\(the PEM certificate chain for `)),
        expect.stringMatching(new RegExp(`^TF_VAR_${key.variable} \\(the PEM private key for `)),
      ]);
      expect(coderRelease(json).depends_on).toContain(addressOfResource(json, secret));
      expect(literalHelmValues(coderRelease(json)).coder.tls).toEqual({ secretNames: [CODER_TLS_SECRET] });
      for (const variable of [certificate.variable, key.variable]) expect(json.variable[variable]).toMatchObject({ sensitive: true, ephemeral: true, nullable: false });
    }
  });

  test("with the zone here, records are written and nothing of ACME is made", () => {
    const withZone = synthDeployment(configOf(cloud, { tls: { mode: "pem" } })).stacks;
    const infra = withZone[`${plan.primary.stackPrefix}-infra`];
    const recordType = { aws: "aws_route53_record", gcp: "google_dns_record_set", azure: "azurerm_dns_a_record" }[cloud];
    expect(withPath(infra, recordType, "/coder-ingress/")).toHaveLength(2);
    expect(JSON.stringify(infra)).not.toMatch(/cert-manager/);
  });
});

describe("aws: the NLB's zones", () => {
  const { stacks } = synthDeployment(configOf("aws"));

  test("coderd's and the proxy's nodes live in the zones the NLB serves; the other pools in every zone", () => {
    // An NLB sends nothing to targets in a zone it is not enabled in (ELB guide, "Availability Zones"); with the
    // Local traffic policy a replica there would get no traffic. Subnet i, public or private, is in zone i.
    for (const [prefix, server] of [["aws-us-east-1", "coderd"], ["aws-us-west-2", "proxy"]]) {
      const infra = stacks[`${prefix}-infra`];
      const groups = resources(infra, "aws_eks_node_group");
      const subnetsOf = (pool: string) => groups.filter((g) => g.labels["coder-refarch/pool"] === pool).flatMap((g) => g.subnet_ids);
      const zoneIndex = (reference: string) => Number(/(?:private|public)-subnet-(\d)_/.exec(reference)![1]);
      const served = (coderRelease(stacks[`${prefix}-coder`]).values[0] as string).match(/public-subnet-\d_/g)!.map((s: string) => zoneIndex(s));
      expect(served).toEqual([0, 1]);
      expect(subnetsOf(server).map(zoneIndex)).toEqual(served);
      expect(subnetsOf("provisioner").map(zoneIndex)).toEqual([0, 1, 2]);
      expect(subnetsOf("system").map(zoneIndex)).toEqual([0, 1, 2]);
    }
  });
});
