import { readFileSync } from "node:fs";
import { literalHelmValues } from "../lib/terraform/helm-values-documents";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import { overlaps, parseCidr } from "../lib/common/cidr";
import { CODER_VERSION } from "../lib/plan/coder-plan";
import { layoutOf } from "../lib/plan/types";
import { WORKSPACE_STORAGE_CLASS } from "../lib/coder/workspace-namespace";
import { GKE_BACKEND_SERVICE_LB_ANNOTATION, GKE_PD_CSI_DRIVER, GKE_WORKSPACE_DISK_TYPE, GkeKubernetesAccess } from "../lib/gcp/gke-kubernetes-access";
import { SecretManagerPassword } from "../lib/gcp/secret-manager-password";
import { checkAppPolicy, POLICY_RULES } from "../lib/policy";
import { addDeployment } from "../stacks/deployment";
import { planOf, resources, synthDeployment, TerraformJson } from "./support/synth";
import { chartValues, unknownChartKeys } from "./support/chart-values";

const PRIMARY = "gcp-us-east1-coder";
const SECONDARY = "gcp-us-west1-coder";
const PRIMARY_INFRA = "gcp-us-east1-infra";
const SECONDARY_INFRA = "gcp-us-west1-infra";


describe("the Coder stacks of the default GCP deployment", () => {
  const { stacks, files } = synthDeployment({ cloud: "gcp" });
  const releases = (stack: string) => resources(stacks[stack], "helm_release");
  const valuesOf = (release: TerraformJson) => literalHelmValues(release);
  // Coder's charts; Reloader beside them is tested with the TLS layer (coder-tls.test.ts).
  const all = [...releases(PRIMARY), ...releases(SECONDARY)].filter((r) => r.chart === "coder" || r.chart === "coder-provisioner");
  const byChart = (chart: string) => all.filter((r) => r.chart === chart);
  const coderd = releases(PRIMARY).find((r) => r.chart === "coder")!;
  const proxy = releases(SECONDARY).find((r) => r.chart === "coder")!;
  const envValue = (release: TerraformJson, name: string) => (valuesOf(release).coder.env as TerraformJson[]).find((e) => e.name === name);
  const plan = planOf({ cloud: "gcp" });

  test("one coder stack per region, beside its infrastructure and add-ons (cert-manager) stacks", () => {
    expect(Object.keys(stacks).sort()).toEqual(["gcp-us-east1-addons", PRIMARY, PRIMARY_INFRA, "gcp-us-west1-addons", SECONDARY, SECONDARY_INFRA]);
  });

  test("one coderd release, in the primary region, 2 replicas on the coderd pool, one per node", () => {
    expect(byChart("coder").filter((r) => !valuesOf(r).coder.workspaceProxy)).toEqual([coderd]);
    const coder = valuesOf(coderd).coder;
    expect(coderd.namespace).toBe("coder");
    expect(coder.replicaCount).toBe(2);
    expect(coder.nodeSelector).toEqual({ "coder-refarch/pool": "coderd" });
    expect(coder.tolerations).toEqual([{ key: "coder-refarch/pool", operator: "Equal", value: "coderd", effect: "NoSchedule" }]);
    expect(coder.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe("kubernetes.io/hostname");
    // n1-standard-4: 3920m / 12404 MiB allocatable, less GKE's daemons (459m / 922 MiB) and the 200m / 512 MiB headroom.
    expect(coder.resources).toEqual({ requests: { cpu: "3261m", memory: "10970Mi" }, limits: { cpu: "3261m", memory: "10970Mi" } });
    expect(envValue(coderd, "CODER_PROVISIONER_DAEMONS")?.value).toBe("0");
    expect(envValue(coderd, "CODER_PG_CONNECTION_URL")).toEqual({ name: "CODER_PG_CONNECTION_URL", valueFrom: { secretKeyRef: { name: "coder-db-url", key: "url" } } });
  });

  test("the GKE coderd pool has exactly the 2 nodes the 2 replicas need", () => {
    const [pool] = resources(stacks[PRIMARY_INFRA], "google_container_node_pool").filter((p) => p.node_config.labels["coder-refarch/pool"] === "coderd");
    expect(pool.node_count * pool.node_locations.length).toBe(valuesOf(coderd).coder.replicaCount);
  });

  test("every release is pinned to the same exact chart version from Coder's repository", () => {
    expect(all).toHaveLength(5);
    for (const release of all) expect(release).toMatchObject({ version: CODER_VERSION, repository: "https://helm.coder.com/v2" });
  });

  test("provisioners in both regions, in their own namespace, 120 in total, on the provisioner pool", () => {
    const provisioners = byChart("coder-provisioner");
    expect(provisioners.map((r) => [r.name, valuesOf(r).coder.replicaCount])).toEqual([
      ["coder-provisioner", 50],
      ["coder-provisioner-untagged", 10],
      ["coder-provisioner", 60],
    ]);
    expect(releases(SECONDARY)).toContainEqual(provisioners[2]);
    for (const release of provisioners) {
      expect(release.namespace).toBe("coder-provisioners");
      expect(release.namespace).not.toBe(coderd.namespace);
      const coder = valuesOf(release).coder;
      expect(coder.nodeSelector).toEqual({ "coder-refarch/pool": "provisioner" });
      expect(coder.tolerations).toEqual([{ key: "coder-refarch/pool", operator: "Equal", value: "provisioner", effect: "NoSchedule" }]);
      // A thirtieth of what a t2d-standard-8 leaves pods (7251m / 27036 MiB).
      expect(coder.resources).toEqual({ requests: { cpu: "241m", memory: "901Mi" }, limits: { memory: "901Mi" } });
      expect(coder.env).toContainEqual({ name: "CODER_URL", value: "https://coder.example.com" });
    }
    expect(provisioners.reduce((sum, r) => sum + valuesOf(r).coder.replicaCount, 0)).toBe(120);
    // 30 per provisioner node of each region (GKE counts static pools per zone: node_count x zones).
    for (const [stack, infra] of [[PRIMARY, PRIMARY_INFRA], [SECONDARY, SECONDARY_INFRA]]) {
      const [pool] = resources(stacks[infra], "google_container_node_pool").filter((p) => p.node_config.labels["coder-refarch/pool"] === "provisioner");
      const sets = releases(stack).filter((r) => r.chart === "coder-provisioner");
      expect(sets.reduce((sum, r) => sum + valuesOf(r).coder.replicaCount, 0)).toBe(30 * pool.node_count * pool.node_locations.length);
    }
  });

  test("provisioner keys are tagged with the GCP region, so each region's builds stay there", () => {
    expect(stacks[PRIMARY].output.bootstrap_commands.value).toEqual([
      "coder provisioner keys create us-east1 --tag region=us-east1 | tail -n 1 | gcloud secrets versions add coder-us-east1-coder-provisioner-key --data-file=-",
      "coder provisioner keys create untagged | tail -n 1 | gcloud secrets versions add coder-us-east1-coder-untagged-provisioner-key --data-file=-",
    ]);
    expect(stacks[SECONDARY].output.bootstrap_commands.value[0]).toMatch(/^coder provisioner keys create us-west1 --tag region=us-west1 \| /);
    // Their homes: Secret Manager secrets without a version, kept in the region, made by the infra stacks.
    for (const [infra, region] of [[PRIMARY_INFRA, "us-east1"], [SECONDARY_INFRA, "us-west1"]]) {
      const entries = resources(stacks[infra], "google_secret_manager_secret").filter((s) => /-coder-/.test(s.secret_id));
      expect(entries.length).toBeGreaterThanOrEqual(2);
      for (const entry of entries) expect(entry.replication).toEqual({ user_managed: { replicas: [{ location: region }] } });
      expect(resources(stacks[infra], "google_secret_manager_secret_version").filter((v) => /coder-bootstrap/.test(JSON.stringify(v)))).toEqual([]);
    }
  });

  test("the workspace proxy: the secondary region, 2 replicas on the proxy pool, its own URLs and token", () => {
    const coder = valuesOf(proxy).coder;
    expect(coder.workspaceProxy).toBe(true);
    expect(coder.replicaCount).toBe(2);
    expect(coder.nodeSelector).toEqual({ "coder-refarch/pool": "proxy" });
    expect(coder.tolerations[0]).toMatchObject({ value: "proxy", effect: "NoSchedule" });
    expect(envValue(proxy, "CODER_PRIMARY_ACCESS_URL")?.value).toBe("https://coder.example.com");
    expect(envValue(proxy, "CODER_PROXY_SESSION_TOKEN")?.valueFrom).toEqual({ secretKeyRef: { name: "coder-proxy-token", key: "token" } });
    expect(envValue(proxy, "CODER_PG_CONNECTION_URL")).toBeUndefined();
    expect(stacks[SECONDARY].data.google_secret_manager_secret_version).toBeUndefined();
  });

  // cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer: without the annotation
  // GKE builds the legacy target pool-based NLB; `l4-rbs` asks for the backend service-based one on
  // every supported version (the loadBalancerClass alternative needs GKE 1.33.1+ and is immutable).
  test("coderd and the proxy behind a backend service-based external passthrough NLB, no ClientIP affinity", () => {
    for (const release of [coderd, proxy]) {
      const service = valuesOf(release).coder.service;
      // Local: only nodes running a replica pass the health check, and users' addresses reach coderd.
      expect(service).toEqual({ type: "LoadBalancer", sessionAffinity: "None", externalTrafficPolicy: "Local", annotations: { "cloud.google.com/l4-rbs": "enabled" } });
      expect(service.loadBalancerClass).toBeUndefined();
    }
    expect(GKE_BACKEND_SERVICE_LB_ANNOTATION).toEqual({ "cloud.google.com/l4-rbs": "enabled" });
    // The annotation needs the HttpLoadBalancing add-on: on by default, and no cluster turns it off.
    for (const infra of [PRIMARY_INFRA, SECONDARY_INFRA]) {
      const [cluster] = resources(stacks[infra], "google_container_cluster");
      expect(cluster.addons_config.http_load_balancing?.disabled).not.toBe(true);
    }
  });

  // The DNS endpoint checks IAM, then RBAC; its certificate is from a public CA, so no cluster CA: given one, the
  // providers would trust only it and fail (hashicorp/terraform-provider-kubernetes issue 2637; fluxcd/flux2 issue 5896).
  test("Kubernetes and Helm reach GKE's DNS endpoint with the caller's access token from google_client_config, and no cluster CA", () => {
    for (const [stack, region] of [[PRIMARY, "us-east1"], [SECONDARY, "us-west1"]]) {
      const json = stacks[stack];
      const [clientConfig] = Object.keys(json.data.google_client_config);
      const [kubernetes] = json.provider.kubernetes;
      expect(kubernetes.token).toBe(`\${data.google_client_config.${clientConfig}.access_token}`);
      expect(kubernetes.host).toMatch(new RegExp(`^https://\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-gcp-${region}-infra\\.outputs\\.[^}]*dns_endpoint_config0endpoint\\}$`));
      expect(kubernetes.cluster_ca_certificate).toBeUndefined();
      expect(kubernetes.exec).toBeUndefined();
      const [helm] = json.provider.helm;
      expect(helm.kubernetes).toEqual({ host: kubernetes.host, token: kubernetes.token });
      expect(json.provider.google).toEqual([{ region }]);
    }
  });

  test("the infra stacks export only what the coder stacks read, as sensitive cross-stack outputs", () => {
    const crossStack = (infra: string) => Object.keys(stacks[infra].output).filter((name) => name.startsWith("cross-stack-output-google_container_cluster")).sort();
    expect(crossStack(SECONDARY_INFRA)).toEqual(["cross-stack-output-google_container_clustercluster_A4C38409control_plane_endpoints_config0dns_endpoint_config0endpoint"]);
    for (const name of crossStack(PRIMARY_INFRA)) expect(stacks[PRIMARY_INFRA].output[name].sensitive).toBe(true);
  });

  // Provider code (data_source_secret_manager_secret_version.go): the data source takes the project
  // from the secret's full name and refuses a `project` that differs from it.
  test("the database URL: from the contract, TLS required, the password only as a reference into Secret Manager", () => {
    const secret = resources(stacks[PRIMARY], "kubernetes_secret_v1").find((s) => s.metadata.name === "coder-db-url")!;
    expect(secret.metadata.namespace).toBe("coder");
    const [versionId] = Object.keys(stacks[PRIMARY].data.google_secret_manager_secret_version);
    expect(secret.data.url).toMatch(
      new RegExp(
        `^postgres://\\$\\{urlencode\\("coder"\\)\\}:\\$\\{urlencode\\(data\\.google_secret_manager_secret_version\\.${versionId}\\.secret_data\\)\\}` +
          `@\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-gcp-us-east1-infra\\.outputs\\.[^}]*private_ip_address\\}:5432/` +
          `\\$\\{data\\.terraform_remote_state\\.[^}]*google_sql_database[^}]*name\\}\\?sslmode=require$`,
      ),
    );
    const version = stacks[PRIMARY].data.google_secret_manager_secret_version[versionId];
    expect(version.secret).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-gcp-us-east1-infra\.outputs\.cross-stack-output-google_secret_manager_secret[^}]*id\}$/);
    expect(version.project).toBeUndefined();
    expect(version.version).toBeUndefined();
  });

  test("no secret in plain text: secrets are references, providers hold no static credential", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      for (const secret of resources(stacks[stack], "kubernetes_secret_v1")) {
        for (const value of Object.values({ ...secret.data, ...secret.data_wo }) as string[]) expect(value).toMatch(/\$\{/);
      }
      const text = files[`stacks/${stack}/cdk.tf.json`];
      expect(text).not.toMatch(/"(token|password|psk|key|secret_data|access_token)"\s*:\s*"(?!\$\{)[^"]{8,}"/i);
      for (const provider of [...stacks[stack].provider.kubernetes, ...stacks[stack].provider.helm]) {
        const config = provider.kubernetes ?? provider;
        expect(config.token).toMatch(/^\$\{data\.google_client_config\./);
        expect(config.client_key).toBeUndefined();
        expect(config.client_certificate).toBeUndefined();
        expect(config.password).toBeUndefined();
      }
      expect(stacks[stack].output.database_password).toBeUndefined();
    }
    // The infra stacks' password output is never made: only the secret's ID crosses over.
    expect(JSON.stringify(stacks[PRIMARY_INFRA].output)).not.toMatch(/random_password/);
  });

  test("no reference to an attribute of a counted resource without an index", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      const counted = Object.entries(stacks[stack].resource as Record<string, Record<string, TerraformJson>>).flatMap(([type, byName]) =>
        Object.entries(byName).filter(([, body]) => body.count !== undefined).map(([name]) => `${type}.${name}`),
      );
      expect(counted.length).toBeGreaterThan(0);
      const text = files[`stacks/${stack}/cdk.tf.json`];
      for (const address of counted) expect({ address, unindexed: text.includes(`\${${address}.`) }).toEqual({ address, unindexed: false });
    }
  });

  // cloud.google.com/compute/docs/disks (machine series support): T2D and N1 attach Persistent Disk;
  // C3, N4 and C4 attach only Hyperdisk, where a pd-balanced claim would never attach.
  test("workspace homes: pd-balanced Persistent Disks from GKE's CSI driver, bound in the zone of the pod's node", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      const [storageClass] = resources(stacks[stack], "kubernetes_storage_class_v1");
      expect(storageClass).toMatchObject({
        metadata: { name: WORKSPACE_STORAGE_CLASS },
        storage_provisioner: "pd.csi.storage.gke.io",
        parameters: { type: "pd-balanced" },
        volume_binding_mode: "WaitForFirstConsumer",
        reclaim_policy: "Delete",
        allow_volume_expansion: true,
      });
      // Zonal, not regional-pd: a regional disk would need replication-type and two zones.
      expect(storageClass.parameters["replication-type"]).toBeUndefined();
    }
    expect([GKE_PD_CSI_DRIVER, GKE_WORKSPACE_DISK_TYPE]).toEqual(["pd.csi.storage.gke.io", "pd-balanced"]);
    const workspaceTypes = plan.primary.pools.concat(plan.secondary.pools).filter((p) => p.role === "workspace").map((p) => p.instanceType);
    expect(workspaceTypes.every((type) => /^(t2d|n1|n2|n2d|e2)-/.test(type))).toBe(true);
    // The infra stacks turn the CSI driver add-on on.
    for (const infra of [PRIMARY_INFRA, SECONDARY_INFRA]) {
      const [cluster] = resources(stacks[infra], "google_container_cluster");
      expect(cluster.addons_config.gce_persistent_disk_csi_driver_config.enabled).toBe(true);
    }
  });

  // cloud.google.com/compute/docs/disks#disk-types: a Balanced Persistent Disk is at least 10 GB;
  // the example template must not offer a smaller home.
  test("the example template's smallest home is a size pd-balanced accepts", () => {
    const template = readFileSync(join(__dirname, "..", "examples/templates/kubernetes-workspace/main.tf"), "utf8");
    const min = Number(/data "coder_parameter" "home_size"[\s\S]*?min\s*=\s*(\d+)/.exec(template)![1]);
    expect(min).toBeGreaterThanOrEqual(10);
  });

  test("workspaces never reach Cloud SQL: its Private Service Access range lies inside a denied range", () => {
    const psa = parseCidr(layoutOf(plan.primary.network, "regional-subnet").privateServiceRange!)!;
    for (const [stack, region] of [[PRIMARY, plan.coder.primary], [SECONDARY, plan.coder.secondary]] as const) {
      const denied = region.egress.deniedCidrs.map((c) => parseCidr(c)!);
      expect(denied.some((block) => block.prefix <= psa.prefix && overlaps(block, psa))).toBe(true);
      const egress = resources(stacks[stack], "kubernetes_network_policy_v1").find((p) => p.metadata.name === "workspace-egress")!;
      expect(egress.spec.egress[2].to[0].ip_block.except).toEqual([...region.egress.deniedCidrs]);
      // GKE's metadata server (169.254.169.254 / .252) holds the node's credentials.
      expect(region.egress.deniedCidrs).toContain("169.254.0.0/16");
    }
  });

  // REFERENCE.md section 4: Dataplane V2 enforces NetworkPolicy itself (no Calico add-on); on a
  // cluster without it (or Calico) the workspace policies would be accepted and ignored.
  test("the clusters enforce the workspace network policies: Dataplane V2", () => {
    for (const infra of [PRIMARY_INFRA, SECONDARY_INFRA]) {
      const [cluster] = resources(stacks[infra], "google_container_cluster");
      expect(cluster.datapath_provider).toBe("ADVANCED_DATAPATH");
      expect(cluster.network_policy).toBeUndefined();
    }
    expect(resources(stacks[PRIMARY], "kubernetes_network_policy_v1").map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual([
      "coder-provisioners/default-deny",
      "coder-provisioners/provisioner-egress",
      "coder-workspaces/default-deny",
      "coder-workspaces/workspace-egress",
    ]);
  });

  // cloud.google.com/sql/docs/postgres/connect-kubernetes-engine: a GKE cluster reaches Cloud SQL's
  // private IP only when it is VPC-native (pod addresses are alias ranges of the peered VPC).
  test("coderd's pods can reach Cloud SQL's private IP: the primary cluster is VPC-native on the database's network", () => {
    const [cluster] = resources(stacks[PRIMARY_INFRA], "google_container_cluster");
    const [sql] = resources(stacks[PRIMARY_INFRA], "google_sql_database_instance");
    expect(cluster.networking_mode).toBe("VPC_NATIVE");
    expect(cluster.ip_allocation_policy.cluster_secondary_range_name).toBeDefined();
    expect(sql.settings.ip_configuration).toMatchObject({ ipv4_enabled: false, private_network: cluster.network, ssl_mode: "ENCRYPTED_ONLY" });
  });

  test("the default GCP deployment, Coder layer included, has no policy violation", () => {
    const app = new App({ outdir: Testing.app().outdir, stackTraces: false });
    addDeployment(app, planOf({ cloud: "gcp" }));
    const result = checkAppPolicy(app, POLICY_RULES.gcp, []);
    expect(result.violations.map((v) => `${v.rule.id} ${v.block.path}`)).toEqual([]);
    expect(result.suppressed).toEqual([]);
  });

  test.each([PRIMARY, SECONDARY])("%s matches its committed snapshot", (name) => {
    expect(files[`stacks/${name}/cdk.tf.json`]).toMatchSnapshot();
  });
});

describe("every GCP release's values use only keys its pinned chart reads", () => {
  const { stacks } = synthDeployment({ cloud: "gcp" });
  const releases = Object.values(stacks).flatMap((s) => resources(s, "helm_release"));

  test.each([
    ["coder", 2],
    ["coder-provisioner", 3],
  ] as const)("%s releases (%i)", (chart, count) => {
    const ofChart = releases.filter((r) => r.chart === chart);
    expect(ofChart.length).toBe(count);
    for (const release of ofChart) {
      expect({ release: release.name, unknown: unknownChartKeys(literalHelmValues(release), chartValues(chart)) }).toEqual({ release: release.name, unknown: [] });
    }
  });
});

describe("GCP coder options", () => {
  test("enabled: false leaves the Coder stacks out", () => {
    const { stacks } = synthDeployment({ cloud: "gcp", coder: { enabled: false } });
    expect(Object.keys(stacks).sort()).toEqual([PRIMARY_INFRA, SECONDARY_INFRA]);
  });

  test("a GCS backend: each coder stack has its own prefix and reads its infrastructure's", () => {
    const { stacks } = synthDeployment({ cloud: "gcp", backend: { type: "gcs", bucket: "acme-tfstate" } });
    expect(stacks[PRIMARY].terraform.backend.gcs).toEqual({ bucket: "acme-tfstate", prefix: "coder-refarch/coder/gcp-us-east1-coder" });
    const remote = Object.values(stacks[SECONDARY].data.terraform_remote_state as Record<string, TerraformJson>);
    expect(remote.map((r) => r.config.prefix)).toEqual(["coder-refarch/coder/gcp-us-west1-infra"]);
  });

  test("gcp.project reaches the coder stacks' provider", () => {
    const { stacks } = synthDeployment({ cloud: "gcp", gcp: { project: "acme-coder-prod" } });
    expect(stacks[PRIMARY].provider.google[0]).toEqual({ project: "acme-coder-prod", region: "us-east1" });
  });

  test("GKE access refuses another cloud's cluster; the Secret Manager reader refuses another store", () => {
    const cluster = { cloud: "aws" as const, region: "us-east-1", clusterName: "c", clusterEndpoint: "https://x", clusterCaCertificate: "Y2E=", workloadIdentity: { kind: "aws-irsa" as const, issuer: "arn" } };
    expect(() => Testing.synthScope((scope) => new GkeKubernetesAccess(scope, "access", { cluster }))).toThrow(/GkeKubernetesAccess access: needs a GKE cluster, got a aws cluster/);
    const credentials = { store: "aws-secrets-manager" as const, reference: "arn:aws:secretsmanager:x", username: "coder" };
    expect(() => Testing.synthScope((scope) => new SecretManagerPassword(scope, "password", { credentials }))).toThrow(/kept in aws-secrets-manager, not gcp-secret-manager/);
  });
});
