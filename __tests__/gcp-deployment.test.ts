import { allResources } from "./support/gcp-synth";
import { seedTable } from "./support/seed";
import { resources, synthDeployment, TerraformJson } from "./support/synth";

const PRIMARY = "gcp-us-east1-infra";
const SECONDARY = "gcp-us-west1-infra";

/** Nodes a GKE pool renders, counted the way GKE counts them: per zone for static pools, totals for autoscaling ones. */
function poolNodes(pool: TerraformJson): { min: number; max: number } {
  if (pool.autoscaling) return { min: pool.autoscaling.total_min_node_count, max: pool.autoscaling.total_max_node_count };
  return { min: pool.node_count * pool.node_locations.length, max: pool.node_count * pool.node_locations.length };
}

describe("the default GCP deployment", () => {
  const deployment = synthDeployment({ cloud: "gcp" });
  const { stacks } = deployment;
  const nodePools = Object.values(stacks).flatMap((s) => resources(s, "google_container_node_pool"));
  const byPool = (pool: string) => nodePools.filter((p) => p.node_config.labels["coder-refarch/pool"] === pool);
  const total = (pools: TerraformJson[], field: "min" | "max") => pools.reduce((sum, p) => sum + poolNodes(p)[field], 0);
  const [sql] = resources(stacks[PRIMARY], "google_sql_database_instance");
  const [replica] = resources(stacks[SECONDARY], "google_sql_database_instance");

  test("one infrastructure stack per region, named gcp-<region>-infra, with its add-ons (cert-manager) and coder stacks", () => {
    expect(Object.keys(stacks).sort()).toEqual(["gcp-us-east1-addons", "gcp-us-east1-coder", PRIMARY, "gcp-us-west1-addons", "gcp-us-west1-coder", SECONDARY]);
    expect(stacks[PRIMARY].provider.google[0].region).toBe("us-east1");
    expect(stacks[SECONDARY].provider.google[0].region).toBe("us-west1");
  });

  test("without gcp.project the provider reads the project from the environment, so synth needs no account", () => {
    for (const stack of Object.values(stacks)) expect(stack.provider.google[0].project).toBeUndefined();
    const named = synthDeployment({ cloud: "gcp", gcp: { project: "acme-coder-prod" } });
    for (const stack of [named.stacks[PRIMARY], named.stacks[SECONDARY]]) {
      expect(stack.provider.google[0].project).toBe("acme-coder-prod");
      expect(stack.data.google_project.project.project_id).toBe("acme-coder-prod");
    }
  });

  test("coderd: exactly 2 nodes of the seed's GCP machine, 2 zones x 1, in the primary region only", () => {
    const { row } = seedTable("Coderd nodes");
    const coderd = byPool("coderd");
    expect(coderd).toHaveLength(1);
    expect(resources(stacks[PRIMARY], "google_container_node_pool")).toContainEqual(coderd[0]);
    expect(coderd[0].node_config.machine_type).toBe(row.GCP);
    expect(coderd[0].node_config.machine_type).toBe("n1-standard-4");
    expect(coderd[0]).toMatchObject({ node_count: 1, node_locations: ["us-east1-b", "us-east1-c"] });
    expect(coderd[0].autoscaling).toBeUndefined();
    expect(total(coderd, "max")).toBe(2);
  });

  test("provisioners: exactly 4 nodes of the seed's GCP machine, counted across zones and regions", () => {
    const { row } = seedTable("Provisioner nodes");
    const provisioner = byPool("provisioner");
    expect(provisioner).toHaveLength(2);
    expect(provisioner.every((p) => p.node_config.machine_type === row.GCP && row.GCP === "t2d-standard-8")).toBe(true);
    expect(total(provisioner, "min")).toBe(4);
    expect(total(provisioner, "max")).toBe(4);
  });

  test("workspaces: at most 128 nodes of the seed's GCP machine over both regions, GKE's autoscaler, totals not per-zone counts", () => {
    const { row } = seedTable("Workspace nodes");
    const workspace = byPool("workspace");
    expect(workspace).toHaveLength(2);
    for (const pool of workspace) {
      expect(pool.node_config.machine_type).toBe(row.GCP);
      expect(pool.node_count).toBeUndefined();
      expect(pool.autoscaling.min_node_count).toBeUndefined();
      expect(pool.autoscaling.max_node_count).toBeUndefined();
      expect(pool.autoscaling.location_policy).toBe("BALANCED");
      expect(pool.node_locations).toHaveLength(3);
    }
    expect(total(workspace, "max")).toBe(128);
    expect(workspace.map((p) => p.autoscaling.total_min_node_count)).toEqual([1, 1]);
  });

  test("workspace nodes allow 16 workspaces plus daemon pods, at most the table's 256", () => {
    for (const pool of byPool("workspace")) {
      expect(pool.max_pods_per_node).toBeGreaterThanOrEqual(16 + 8);
      expect(pool.max_pods_per_node).toBeLessThanOrEqual(256);
    }
  });

  test("a proxy pool sized like coderd in the secondary region", () => {
    const [proxy] = byPool("proxy");
    expect(resources(stacks[SECONDARY], "google_container_node_pool")).toContainEqual(proxy);
    expect(proxy.node_config.machine_type).toBe("n1-standard-4");
    expect(poolNodes(proxy)).toEqual({ min: 2, max: 2 });
    expect(proxy.node_locations).toEqual(["us-west1-a", "us-west1-b"]);
  });

  test("labels and NoSchedule taints as on AWS, by pool role", () => {
    for (const pool of nodePools) {
      const role = pool.node_config.labels["coder-refarch/pool"];
      expect(pool.name).toBe(role);
      // The workspace pool too: GKE's kube-dns, konnectivity-agent and metrics-server would otherwise take its pod slots.
      const tainted = ["coderd", "proxy", "provisioner", "workspace"].includes(role);
      expect(pool.node_config.taint).toEqual(tainted ? [{ key: "coder-refarch/pool", value: role, effect: "NO_SCHEDULE" }] : undefined);
    }
  });

  test("every pool: auto-repair, auto-upgrade, surge upgrades, shielded nodes with secure boot, COS", () => {
    for (const pool of nodePools) {
      expect(pool.management).toEqual({ auto_repair: true, auto_upgrade: true });
      expect(pool.upgrade_settings).toEqual({ strategy: "SURGE", max_surge: 1, max_unavailable: 0 });
      expect(pool.node_config.shielded_instance_config).toEqual({ enable_secure_boot: true, enable_integrity_monitoring: true });
      expect(pool.node_config.image_type).toBe("COS_CONTAINERD");
    }
  });

  test("Cloud SQL: the seed's GCP tier, 1 TB SSD, REGIONAL, no public IP, in the primary region", () => {
    const { row } = seedTable("Database nodes");
    expect(sql.settings.tier).toBe(row.GCP);
    expect(row.Storage).toBe("1 TB");
    expect(sql).toMatchObject({
      region: "us-east1",
      database_version: "POSTGRES_17",
      settings: { tier: "db-custom-4-15360", disk_size: 1024, disk_type: "PD_SSD", availability_type: "REGIONAL", ip_configuration: { ipv4_enabled: false } },
    });
    expect(sql.settings.ip_configuration.private_network).toBe("${google_compute_network.network_C8AC2FB3.id}");
    expect(sql.settings.ip_configuration.authorized_networks).toBeUndefined();
  });

  test("Cloud SQL: backups with point-in-time recovery, query insights, maintenance window, deletion protection twice", () => {
    expect(sql.settings.backup_configuration).toEqual({
      enabled: true,
      start_time: "03:00",
      location: "us-east1",
      point_in_time_recovery_enabled: true,
      transaction_log_retention_days: 6,
      backup_retention_settings: { retained_backups: 7, retention_unit: "COUNT" },
    });
    expect(sql.settings.insights_config).toMatchObject({ query_insights_enabled: true, record_client_address: false });
    expect(sql.settings.maintenance_window).toEqual({ day: 7, hour: 5, update_track: "stable" });
    expect(sql.deletion_protection).toBe(true);
    expect(sql.settings.deletion_protection_enabled).toBe(true);
  });

  test("the password is generated, kept in Secret Manager replicated to both regions, written only through write-only arguments, and in no output", () => {
    const [password] = resources(stacks[PRIMARY], "random_password");
    expect(password).toMatchObject({ length: 32, special: false });
    const [secret] = resources(stacks[PRIMARY], "google_secret_manager_secret").filter((s) => s.secret_id.endsWith("-password"));
    expect(secret.replication).toEqual({ user_managed: { replicas: [{ location: "us-east1" }, { location: "us-west1" }] } });
    const [version] = resources(stacks[PRIMARY], "google_secret_manager_secret_version");
    // google provider 6.23+: secret_data_wo and password_wo are kept in no plan or state; each is
    // written only when its version changes (secret_data_wo_version is ForceNew: a new secret version).
    expect(version).toMatchObject({ secret_data_wo: "${random_password.database_password_B68CE220.result}", secret_data_wo_version: 1 });
    expect(version).not.toHaveProperty("secret_data");
    const [user] = resources(stacks[PRIMARY], "google_sql_user");
    expect(user).toMatchObject({ name: "coder", password_wo: "${random_password.database_password_B68CE220.result}", password_wo_version: 1 });
    expect(user).not.toHaveProperty("password");
    const outputs = JSON.stringify([stacks[PRIMARY].output, stacks[SECONDARY].output]);
    expect(outputs).not.toMatch(/random_password|secret_data|password\.result/);
    expect(stacks[PRIMARY].output.database_credentials_secret.value).toBe("${google_secret_manager_secret.database_password_secret_F2F08837.id}");
  });

  test("a read replica in the secondary region on the same VPC, fed by the primary's name through its state", () => {
    expect(replica).toMatchObject({ name: "coder-us-west1-postgres-replica", region: "us-west1", database_version: "POSTGRES_17" });
    expect(replica.master_instance_name).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-gcp-us-east1-infra\.outputs\./);
    expect(replica.settings.ip_configuration.private_network).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-gcp-us-east1-infra\.outputs\./);
    const exported = Object.values(stacks[PRIMARY].output as Record<string, TerraformJson>).map((o) => o.value);
    expect(exported).toEqual(expect.arrayContaining(["${google_sql_database_instance.database_instance_D7FC2283.name}", "${google_compute_network.network_C8AC2FB3.id}"]));
  });

  test("the primary stack owns the one global VPC; the secondary adds only its subnet, router and NAT", () => {
    expect(resources(stacks[PRIMARY], "google_compute_network")).toHaveLength(1);
    expect(resources(stacks[SECONDARY], "google_compute_network")).toHaveLength(0);
    expect(resources(stacks[PRIMARY], "google_service_networking_connection")).toHaveLength(1);
    expect(resources(stacks[SECONDARY], "google_service_networking_connection")).toHaveLength(0);
    const [subnet] = resources(stacks[SECONDARY], "google_compute_subnetwork");
    expect(subnet.network).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-gcp-us-east1-infra\.outputs\./);
    for (const stack of [PRIMARY, SECONDARY]) {
      expect(resources(stacks[stack], "google_compute_router")).toHaveLength(1);
      expect(resources(stacks[stack], "google_compute_router_nat")).toHaveLength(1);
      expect(resources(stacks[stack], "google_container_cluster")).toHaveLength(1);
    }
  });

  test("subnets: node range with pod and service secondary ranges, flow logs, private Google access", () => {
    const [east] = resources(stacks[PRIMARY], "google_compute_subnetwork");
    const [west] = resources(stacks[SECONDARY], "google_compute_subnetwork");
    expect(east).toMatchObject({
      region: "us-east1",
      ip_cidr_range: "10.0.48.0/25",
      private_ip_google_access: true,
      secondary_ip_range: [
        { range_name: "pods", ip_cidr_range: "10.0.0.0/19" },
        { range_name: "services", ip_cidr_range: "172.20.0.0/17" },
      ],
      log_config: { aggregation_interval: "INTERVAL_5_SEC", flow_sampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
    });
    expect(west).toMatchObject({ region: "us-west1", ip_cidr_range: "10.1.32.0/25", private_ip_google_access: true });
    expect(west.secondary_ip_range).toEqual([
      { range_name: "pods", ip_cidr_range: "10.1.0.0/19" },
      { range_name: "services", ip_cidr_range: "172.20.128.0/17" },
    ]);
  });

  test("the cluster: regional, private nodes, private endpoint without allowed CIDRs, Workload Identity, KMS secrets, Dataplane V2", () => {
    for (const [stack, region] of [[PRIMARY, "us-east1"], [SECONDARY, "us-west1"]]) {
      const [cluster] = resources(stacks[stack], "google_container_cluster");
      expect(cluster).toMatchObject({
        location: region,
        private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: true },
        master_authorized_networks_config: { cidr_blocks: [], gcp_public_cidrs_access_enabled: false },
        workload_identity_config: { workload_pool: "${data.google_project.project.project_id}.svc.id.goog" },
        database_encryption: { state: "ENCRYPTED" },
        datapath_provider: "ADVANCED_DATAPATH",
        release_channel: { channel: "REGULAR" },
        min_master_version: "1.35",
        enable_legacy_abac: false,
        enable_shielded_nodes: true,
        master_auth: { client_certificate_config: { issue_client_certificate: false } },
        remove_default_node_pool: true,
        deletion_protection: true,
      });
      expect(cluster.maintenance_policy.recurring_window).toBeDefined();
    }
  });

  test("with allowed CIDRs the endpoint is public for exactly those", () => {
    const open = synthDeployment({ cloud: "gcp", kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] } });
    const [cluster] = resources(open.stacks[PRIMARY], "google_container_cluster");
    expect(cluster.private_cluster_config).toEqual({ enable_private_nodes: true, enable_private_endpoint: false });
    expect(cluster.master_authorized_networks_config.cidr_blocks).toEqual([{ cidr_block: "203.0.113.0/24", display_name: "allowed 203.0.113.0/24" }]);
  });

  test("contract outputs with the names every cloud uses", () => {
    const cluster = ["cluster_name", "cluster_endpoint", "cluster_ca_certificate", "cluster_workload_identity_issuer", "network_id"];
    expect(Object.keys(stacks[PRIMARY].output)).toEqual(
      expect.arrayContaining([...cluster, "database_host", "database_port", "database_name", "database_username", "database_credentials_secret"]),
    );
    expect(Object.keys(stacks[SECONDARY].output)).toEqual(expect.arrayContaining([...cluster, "database_replica_host"]));
    // The DNS-based endpoint, which one runner reaches in both regions (lib/gcp/gke-cluster.ts).
    expect(stacks[PRIMARY].output.cluster_endpoint.value).toBe("https://${google_container_cluster.cluster_A4C38409.control_plane_endpoints_config[0].dns_endpoint_config[0].endpoint}");
    expect(stacks[PRIMARY].output.database_host.value).toBe("${google_sql_database_instance.database_instance_D7FC2283.private_ip_address}");
    expect(stacks[PRIMARY].output.database_port.value).toBe(5432);
  });

  // The provider's default_labels reach only top-level `labels` fields (magic-modules PR 9143), and
  // not even the cluster's (terraform-provider-google issue 19603, open): set them on each resource too.
  test("every resource that takes GCP labels carries the deployment's, in GCP's form", () => {
    const expected = { "managed-by": "coder-refarch", "coder-refarch-deployment": "coder" };
    for (const stack of [stacks[PRIMARY], stacks[SECONDARY]]) {
      expect(stack.provider.google[0].default_labels).toEqual(expected);
      for (const { type, body } of allResources(stack)) {
        const labels = body.labels ?? body.resource_labels ?? body.settings?.user_labels;
        if (["google_compute_global_address", "google_kms_crypto_key", "google_secret_manager_secret"].includes(type)) expect(body.labels).toEqual(expected);
        if (type === "google_container_cluster") expect(body.resource_labels).toEqual(expected);
        if (type === "google_sql_database_instance") expect(body.settings.user_labels).toEqual(expected);
        if (type === "google_container_node_pool") expect(body.node_config.resource_labels).toEqual(expected);
        for (const key of Object.keys(labels ?? {})) expect(key).toMatch(/^[a-z][a-z0-9_-]{0,62}$/);
      }
    }
  });

  test("state: a local backend at a relative path, one file per stack", () => {
    expect(stacks[PRIMARY].terraform.backend).toEqual({ local: { path: "../../../../terraform.coder.gcp-us-east1-infra.tfstate" } });
    expect(stacks[SECONDARY].terraform.backend).toEqual({ local: { path: "../../../../terraform.coder.gcp-us-west1-infra.tfstate" } });
  });

  test("no absolute path in any file written", () => {
    for (const [path, text] of Object.entries(deployment.files)) {
      expect({ path, leaks: text.includes(deployment.outdir) || text.includes(process.cwd()) || /"\/(tmp|home|root|work)\//.test(text) }).toEqual({ path, leaks: false });
    }
  });

  test.each([PRIMARY, SECONDARY])("%s matches its committed snapshot", (name) => {
    expect(deployment.files[`stacks/${name}/cdk.tf.json`]).toMatchSnapshot();
  });
});

describe("GCP options", () => {
  test("two synths of the same config write the same bytes", () => {
    const first = synthDeployment({ cloud: "gcp", regions: { primary: { workspaceNodes: 90 } } });
    const second = synthDeployment({ cloud: "gcp", regions: { primary: { workspaceNodes: 90 } } });
    expect(Object.keys(second.files)).toEqual(Object.keys(first.files));
    for (const path of Object.keys(first.files)) expect({ path, same: second.files[path] === first.files[path] }).toEqual({ path, same: true });
  });

  test("an uneven split keeps the totals: 90 + 38 workspace nodes, 3 + 1 provisioners", () => {
    const { stacks } = synthDeployment({ cloud: "gcp", regions: { primary: { workspaceNodes: 90, provisionerNodes: 3 } } });
    const pools = Object.values(stacks).flatMap((s) => resources(s, "google_container_node_pool"));
    const of = (role: string) => pools.filter((p) => p.name === role);
    expect(of("workspace").map((p) => p.autoscaling.total_max_node_count)).toEqual([90, 38]);
    expect(of("provisioner").map((p) => poolNodes(p).max)).toEqual([3, 1]);
    expect(of("provisioner").map((p) => p.node_locations.length)).toEqual([3, 1]);
  });

  test("without the replica the secondary region has no database and reads only the network from the primary", () => {
    const { stacks } = synthDeployment({ cloud: "gcp", database: { crossRegionReplica: false } });
    expect(resources(stacks[SECONDARY], "google_sql_database_instance")).toHaveLength(0);
    expect(JSON.stringify(stacks[SECONDARY])).not.toMatch(/google_sql_database_instance/);
  });

  test("a GCS backend: one prefix per stack, also for the cross-stack reads", () => {
    const { stacks } = synthDeployment({ cloud: "gcp", backend: { type: "gcs", bucket: "acme-tfstate" } });
    expect(stacks[PRIMARY].terraform.backend.gcs).toEqual({ bucket: "acme-tfstate", prefix: "coder-refarch/coder/gcp-us-east1-infra" });
    const [remote] = Object.values(stacks[SECONDARY].data.terraform_remote_state as Record<string, TerraformJson>);
    expect(remote).toMatchObject({ backend: "gcs", config: { bucket: "acme-tfstate", prefix: "coder-refarch/coder/gcp-us-east1-infra" } });
  });

  test("other regions and prefix change names, not structure", () => {
    const { stacks } = synthDeployment({ cloud: "gcp", namePrefix: "acme", regions: { primary: { name: "europe-west4" }, secondary: { name: "europe-west1" } } });
    expect(Object.keys(stacks).sort()).toEqual(["gcp-europe-west1-addons", "gcp-europe-west1-coder", "gcp-europe-west1-infra", "gcp-europe-west4-addons", "gcp-europe-west4-coder", "gcp-europe-west4-infra"]);
    const [cluster] = resources(stacks["gcp-europe-west4-infra"], "google_container_cluster");
    expect(cluster.name).toBe("acme-europe-west4");
    const [coderd] = resources(stacks["gcp-europe-west4-infra"], "google_container_node_pool").filter((p) => p.name === "coderd");
    expect(coderd.node_locations).toEqual(["europe-west4-a", "europe-west4-b"]);
    const [west1] = resources(stacks["gcp-europe-west1-infra"], "google_container_node_pool").filter((p) => p.name === "proxy");
    expect(west1.node_locations).toEqual(["europe-west1-b", "europe-west1-c"]);
  });

  test("database options reach Cloud SQL: version, retention, deletion protection", () => {
    const { stacks } = synthDeployment({ cloud: "gcp", database: { postgresVersion: "16", backupRetentionDays: 14, deletionProtection: false } });
    const [sql] = resources(stacks[PRIMARY], "google_sql_database_instance");
    expect(sql.database_version).toBe("POSTGRES_16");
    expect(sql.settings.backup_configuration).toMatchObject({ transaction_log_retention_days: 7, backup_retention_settings: { retained_backups: 14 } });
    expect(sql.deletion_protection).toBe(false);
    expect(sql.settings.deletion_protection_enabled).toBe(false);
    // The explicit choice suppresses the deletion-protection rule, and the output says so.
    expect(stacks[PRIMARY]["//"]["coder-refarch"].policy_suppressions).toEqual([
      { rule: "GCP-SQL-004", reason: expect.stringMatching(/^database\.deletionProtection is false/) },
    ]);
  });
});
