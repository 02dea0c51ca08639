/**
 * What Google Cloud's APIs refuse (or break) although the provider schema allows it: every fact of
 * REFERENCE.md section 4 "GCP: what the APIs refuse that the schema allows" (hashicorp/google
 * 6.50.0), and the traps found while building, each pinned here with its source.
 */
import { layoutOf, podBlockAddresses } from "../lib/plan";
import { planOf, resources, synthDeployment, TerraformJson } from "./support/synth";
import { allResources, synthGcpConstruct } from "./support/gcp-synth";
import { GKE_MAINTENANCE_WINDOW } from "../lib/gcp/gke-cluster";
import { boundedName, SERVICE_ACCOUNT_ID_MAX } from "../lib/gcp/names";
import { pitrLogRetentionDays } from "../lib/gcp/cloud-sql-settings";
import { gcpLabels } from "../lib/gcp/labels";
import { PrivateServiceAccess } from "../lib/gcp/private-service-access";

const PRIMARY = "gcp-us-east1-infra";
const SECONDARY = "gcp-us-west1-infra";
// The infrastructure stacks alone: the coder stacks (__tests__/gcp-coder.test.ts) hold no Google resources.
const { stacks } = synthDeployment({ cloud: "gcp", coder: { enabled: false } });
const all = (type: string) => Object.values(stacks).flatMap((s) => resources(s, type));
const [sql] = resources(stacks[PRIMARY], "google_sql_database_instance");
const [replica] = resources(stacks[SECONDARY], "google_sql_database_instance");
const clusters = all("google_container_cluster");
const pools = all("google_container_node_pool");
const idOf = (stack: TerraformJson, type: string) => `${type}.${Object.keys(stack.resource[type])[0]}`;

describe("Cloud SQL", () => {
  // magic-modules PRs 12077 and 18014, terraform-provider-google issue 20498: without an edition,
  // PostgreSQL 16+ gets ENTERPRISE_PLUS, which refuses db-custom-* tiers.
  test("edition ENTERPRISE is explicit on the primary and the replica", () => {
    expect(sql.settings.edition).toBe("ENTERPRISE");
    expect(replica.settings.edition).toBe("ENTERPRISE");
    expect(sql.settings.tier).toMatch(/^db-custom-/);
  });

  // cloud.google.com/sql/docs/postgres/backup-recovery/pitr: ENTERPRISE keeps 1-7 days of logs,
  // fewer than the retained backups.
  test("point-in-time log retention is 1-7 days and below the retained backups", () => {
    const backup = sql.settings.backup_configuration;
    expect(backup.transaction_log_retention_days).toBeGreaterThanOrEqual(1);
    expect(backup.transaction_log_retention_days).toBeLessThanOrEqual(7);
    expect(backup.transaction_log_retention_days).toBeLessThan(backup.backup_retention_settings.retained_backups);
    for (const retained of [2, 7, 8, 35]) {
      expect(pitrLogRetentionDays(retained)).toBeLessThan(retained);
      expect(pitrLogRetentionDays(retained)).toBeLessThanOrEqual(7);
    }
    expect(() => pitrLogRetentionDays(1)).toThrow(/at least 2 retained backups/);
  });

  // terraform-provider-google issues 3245 and 7154: a private-IP instance created before the
  // service networking connection fails; the implicit reference through the network is not enough.
  test("the private-IP primary depends on the service networking connection explicitly", () => {
    expect(sql.depends_on).toEqual([idOf(stacks[PRIMARY], "google_service_networking_connection")]);
  });

  // Provider 6.0 upgrade guide: `require_ssl` is gone; `ssl_mode = ENCRYPTED_ONLY` refuses
  // `sslmode=disable` clients.
  test("TLS is required through ssl_mode, never require_ssl, on primary and replica", () => {
    for (const instance of [sql, replica]) {
      expect(instance.settings.ip_configuration.ssl_mode).toBe("ENCRYPTED_ONLY");
      expect(instance.settings.ip_configuration.require_ssl).toBeUndefined();
      expect(instance.settings.ip_configuration.ipv4_enabled).toBe(false);
    }
  });

  // REFERENCE.md section 4 (cross-region replica): master_instance_name is the primary's name, no
  // backups or PITR on a replica, edition, tier and private IP set explicitly.
  test("the replica names its master and sets edition, tier and private IP itself, with no backups or PITR", () => {
    expect(replica.master_instance_name).toMatch(/cross-stack-output-google_sql_database_instancedatabase_instance_D7FC2283name/);
    expect(replica.settings).toMatchObject({ tier: sql.settings.tier, edition: "ENTERPRISE", ip_configuration: { ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" } });
    expect(replica.settings.ip_configuration.private_network).toMatch(/cross-stack-output-google_compute_networknetwork_C8AC2FB3id/);
    expect(replica.settings.backup_configuration).toEqual({ enabled: false, point_in_time_recovery_enabled: false });
    expect(replica.settings.disk_size).toBeGreaterThanOrEqual(sql.settings.disk_size);
    // replica_configuration holds MySQL and external-master settings (google provider docs); none applies here.
    expect(replica.replica_configuration).toBeUndefined();
  });

  // Found here; google provider docs for `settings.disk_size`: with disk_autoresize, a disk Cloud
  // SQL has grown would be "resized" back by the next apply, which Cloud SQL refuses.
  test("a disk Cloud SQL grew is not shrunk back: disk_size is ignored after creation", () => {
    for (const instance of [sql, replica]) {
      expect(instance.settings.disk_autoresize).toBe(true);
      expect(instance.lifecycle.ignore_changes).toEqual(["settings[0].disk_size"]);
    }
  });

  // Found here; google provider docs for google_sql_user and google_sql_database: PostgreSQL refuses
  // to drop a role or database others depend on, so destroy fails unless they are abandoned.
  test("the database and its user are abandoned on destroy instead of dropped", () => {
    expect(resources(stacks[PRIMARY], "google_sql_user")[0].deletion_policy).toBe("ABANDON");
    expect(resources(stacks[PRIMARY], "google_sql_database")[0].deletion_policy).toBe("ABANDON");
  });

  // Found here; google provider docs for google_service_networking_connection (`deletion_policy`):
  // removing the peering fails while Cloud SQL still holds addresses in the range.
  test("the Private Service Access connection is abandoned on destroy", () => {
    expect(resources(stacks[PRIMARY], "google_service_networking_connection")[0]).toMatchObject({
      service: "servicenetworking.googleapis.com",
      deletion_policy: "ABANDON",
    });
    const [range] = resources(stacks[PRIMARY], "google_compute_global_address");
    expect(range).toMatchObject({ purpose: "VPC_PEERING", address_type: "INTERNAL", address: "10.0.32.0", prefix_length: 20 });
  });

  // cloud.google.com/sql/docs/postgres/configure-private-services-access: Cloud SQL needs at least a /24.
  test("a Private Service Access range smaller than /24 is refused", () => {
    expect(() => synthGcpConstruct((scope) => new PrivateServiceAccess(scope, "psa", { name: "psa", networkId: "net", range: "10.9.0.0/25", labels: {} }))).toThrow(/at least a \/24/);
  });
});

describe("GKE node pools", () => {
  // REFERENCE.md section 4: regional pools count PER ZONE; exact totals come from node_locations or
  // total_* counts; never node_count together with autoscaling.
  test("static pools: node_count per zone over named zones; autoscaling pools: totals only, never node_count", () => {
    for (const pool of pools) {
      expect(pool.node_locations.length).toBeGreaterThan(0);
      if (pool.autoscaling) {
        expect(pool.node_count).toBeUndefined();
        expect(pool.autoscaling.min_node_count).toBeUndefined();
        expect(pool.autoscaling.max_node_count).toBeUndefined();
        expect(pool.autoscaling.total_max_node_count).toBeGreaterThan(0);
      } else {
        expect(pool.node_count).toBeGreaterThan(0);
        expect(pool.initial_node_count).toBeUndefined();
      }
    }
  });

  // REFERENCE.md section 4: us-east1 has zones b, c, d (no a); us-west1 a, b, c.
  test("zones are named from the table: no us-east1-a", () => {
    const east = resources(stacks[PRIMARY], "google_container_node_pool").flatMap((p) => p.node_locations);
    expect(new Set(east)).toEqual(new Set(["us-east1-b", "us-east1-c", "us-east1-d"]));
    const west = resources(stacks[SECONDARY], "google_container_node_pool").flatMap((p) => p.node_locations);
    expect(new Set(west)).toEqual(new Set(["us-west1-a", "us-west1-b", "us-west1-c"]));
    expect(resources(stacks[PRIMARY], "google_container_cluster")[0].node_locations).toEqual(["us-east1-b", "us-east1-c", "us-east1-d"]);
  });

  // REFERENCE.md section 4 (pod range): each node takes 2 x max pods rounded up; the range must hold
  // every pool's maximum plus surge; max_pods_per_node is ForceNew, so it comes from the plan.
  test("the pod range holds every pool at its maximum plus surge, at the max pods each pool renders", () => {
    for (const [name, region] of [[PRIMARY, planOf({ cloud: "gcp" }).primary], [SECONDARY, planOf({ cloud: "gcp" }).secondary]] as const) {
      const [subnet] = resources(stacks[name], "google_compute_subnetwork");
      const podRange = subnet.secondary_ip_range.find((r: TerraformJson) => r.range_name === "pods").ip_cidr_range;
      expect(podRange).toBe(layoutOf(region.network, "regional-subnet").podRange);
      const needed = resources(stacks[name], "google_container_node_pool").reduce((sum, pool) => {
        const nodes = pool.autoscaling ? pool.autoscaling.total_max_node_count : pool.node_count * pool.node_locations.length;
        return sum + (nodes + pool.upgrade_settings.max_surge * pool.node_locations.length) * podBlockAddresses(pool.max_pods_per_node);
      }, 0);
      expect(2 ** (32 - Number(podRange.split("/")[1]))).toBeGreaterThanOrEqual(needed);
    }
  });

  // REFERENCE.md section 4: release channels force node auto-upgrade on; pools must not pin versions.
  test("release channel on, pools auto-upgrade and pin no version", () => {
    for (const cluster of clusters) expect(cluster.release_channel.channel).toBe("REGULAR");
    for (const pool of pools) {
      expect(pool.management.auto_upgrade).toBe(true);
      expect(pool.version).toBeUndefined();
    }
    for (const cluster of clusters) expect(cluster.node_version).toBeUndefined();
  });

  // REFERENCE.md section 4: every pool needs workload_metadata_config.mode = GKE_METADATA, and
  // disable-legacy-endpoints in node metadata (ForceNew drift otherwise).
  test("every pool and the default pool: GKE metadata server and legacy endpoints off", () => {
    for (const config of [...pools.map((p) => p.node_config), ...clusters.map((c) => c.node_config)]) {
      expect(config.workload_metadata_config).toEqual({ mode: "GKE_METADATA" });
      expect(config.metadata).toEqual({ "disable-legacy-endpoints": "true" });
    }
  });

  // REFERENCE.md section 4: node_config.labels are Kubernetes labels (`coder-refarch/pool` is fine);
  // GCP resource labels take no `/` or capitals and the provider does not check them.
  test("the pool label is a Kubernetes label; GCP resource labels have no / or capitals", () => {
    for (const pool of pools) {
      expect(Object.keys(pool.node_config.labels)).toEqual(["coder-refarch/pool"]);
      for (const key of Object.keys(pool.node_config.resource_labels)) expect(key).toMatch(/^[a-z][a-z0-9_-]*$/);
    }
    for (const stack of Object.values(stacks)) {
      for (const { body } of allResources(stack)) {
        for (const labels of [body.labels, body.resource_labels, body.settings?.user_labels, body.node_config?.resource_labels]) {
          for (const [key, value] of Object.entries(labels ?? {})) {
            if (body.node_config?.labels === labels) continue;
            expect(key).toMatch(/^[a-z][a-z0-9_-]{0,62}$/);
            expect(value).toMatch(/^[a-z0-9_-]{0,63}$/);
          }
        }
      }
    }
    expect(() => gcpLabels({ team: "Platform" })).toThrow(/not in the form GCP allows/);
    expect(() => gcpLabels({ "coder-refarch/pool": "x" })).toThrow(/not in the form GCP allows/);
  });
});

describe("GKE clusters", () => {
  // REFERENCE.md section 4: the GKE service agent needs cryptoKeyEncrypterDecrypter on the key
  // BEFORE the cluster is created; the key ring lives in the cluster's region.
  test("the GKE service agent may use the Secrets key before the cluster exists; the key ring is in the cluster's region", () => {
    for (const [name, region] of [[PRIMARY, "us-east1"], [SECONDARY, "us-west1"]]) {
      const stack = stacks[name];
      const [grant] = resources(stack, "google_kms_crypto_key_iam_member");
      expect(grant).toMatchObject({
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: "serviceAccount:service-${data.google_project.project.number}@container-engine-robot.iam.gserviceaccount.com",
      });
      const [cluster] = resources(stack, "google_container_cluster");
      // And the grant has had time to take effect: IAM changes take "typically 2 minutes"
      // (cloud.google.com/iam/docs/access-change-propagation), and GKE checks it when it creates the cluster.
      const [wait] = resources(stack, "time_sleep");
      expect(wait).toMatchObject({ create_duration: "120s", depends_on: [idOf(stack, "google_kms_crypto_key_iam_member")] });
      expect(cluster.depends_on).toContain(idOf(stack, "time_sleep"));
      // The key can never be deleted in Cloud KMS, and destroying it would leave the Secrets unreadable (google_kms_crypto_key docs).
      expect(resources(stack, "google_kms_crypto_key")[0].lifecycle).toEqual({ prevent_destroy: true });
      expect(cluster.database_encryption.key_name).toBe(`\${${idOf(stack, "google_kms_crypto_key")}.id}`);
      expect(resources(stack, "google_kms_key_ring")[0].location).toBe(region);
    }
  });

  // Found here; magic-modules PR 8338 (an acceptance test failing with "Error 400: Master authorized
  // networks must be enabled if private endpoint is enabled"): a private endpoint needs the block.
  test("a private endpoint always comes with master authorized networks enabled", () => {
    for (const cluster of clusters) {
      expect(cluster.private_cluster_config.enable_private_endpoint).toBe(true);
      expect(cluster.master_authorized_networks_config).toEqual({ cidr_blocks: [], gcp_public_cidrs_access_enabled: false });
    }
  });

  // Found here; terraform-provider-google issue 20191 and GKE's Private Service Connect docs: since
  // GKE 1.29 private nodes need no master_ipv4_cidr_block (providers 6.6-6.10 still demanded one;
  // 6.50 does not); the control plane's internal endpoint then takes an address of the cluster's subnet.
  test("private nodes without a control-plane CIDR (Private Service Connect)", () => {
    for (const cluster of clusters) {
      expect(cluster.private_cluster_config.enable_private_nodes).toBe(true);
      expect(cluster.private_cluster_config.master_ipv4_cidr_block).toBeUndefined();
    }
  });

  // REFERENCE.md section 4: Dataplane V2 enforces network policy itself; do not also enable Calico.
  test("Dataplane V2 without the Calico network policy or its add-on", () => {
    for (const cluster of clusters) {
      expect(cluster.datapath_provider).toBe("ADVANCED_DATAPATH");
      expect(cluster.network_policy).toBeUndefined();
      expect(cluster.addons_config?.network_policy_config).toBeUndefined();
    }
  });

  // REFERENCE.md section 4: the default pool is created (then removed) with the default Compute
  // service account unless the cluster's node_config names the least-privilege one.
  test("the default pool is created with the least-privilege node account, then removed", () => {
    for (const [name, stack] of Object.entries(stacks)) {
      const [cluster] = resources(stack, "google_container_cluster");
      expect({ name, account: cluster.node_config.service_account }).toEqual({ name, account: `\${${idOf(stack, "google_service_account")}.email}` });
      expect(cluster.remove_default_node_pool).toBe(true);
      for (const pool of resources(stack, "google_container_node_pool")) expect(pool.node_config.service_account).toBe(cluster.node_config.service_account);
      const roles = resources(stack, "google_project_iam_member").map((m) => m.role);
      expect(roles.sort()).toEqual(["roles/artifactregistry.reader", "roles/container.defaultNodeServiceAccount"]);
    }
  });

  // REFERENCE.md section 4: Workload Identity bindings fail until a cluster with Workload Identity
  // exists; the pool is named after the project ID.
  test("Workload Identity is on, named after the project ID", () => {
    for (const cluster of clusters) expect(cluster.workload_identity_config.workload_pool).toBe("${data.google_project.project.project_id}.svc.id.goog");
  });

  // Found here; cloud.google.com/kubernetes-engine/docs/concepts/maintenance-windows-and-exclusions:
  // a window must give at least 48 hours in any 32 days and last at least 4 contiguous hours.
  test("the maintenance window gives at least 48 hours in every 32 days, 4 contiguous hours or more", () => {
    const start = Date.parse(GKE_MAINTENANCE_WINDOW.startTime);
    const hours = (Date.parse(GKE_MAINTENANCE_WINDOW.endTime) - start) / 3_600_000;
    expect(hours).toBeGreaterThanOrEqual(4);
    const days = /BYDAY=([A-Z,]+)/.exec(GKE_MAINTENANCE_WINDOW.recurrence)![1].split(",");
    expect(GKE_MAINTENANCE_WINDOW.recurrence).toMatch(/^FREQ=WEEKLY;/);
    // The fewest windows any 32 consecutive days can hold: 4 full weeks.
    expect(days.length * 4 * hours).toBeGreaterThanOrEqual(48);
    const { startTime, endTime, recurrence } = GKE_MAINTENANCE_WINDOW;
    for (const cluster of clusters) expect(cluster.maintenance_policy.recurring_window).toEqual({ start_time: startTime, end_time: endTime, recurrence });
  });

  // Found here; Cloud KMS docs (cloud.google.com/kms/docs/resource-hierarchy#lifetime): key rings and
  // keys can never be deleted, so a re-created deployment must not reuse the ring's name.
  test("key ring names carry a random suffix", () => {
    for (const stack of Object.values(stacks)) {
      const [ring] = resources(stack, "google_kms_key_ring");
      expect(ring.name).toMatch(/-\$\{random_id\..*\.hex\}$/);
    }
  });

  // Found here; cloud.google.com/iam/docs/service-accounts-create: IDs are 6-30 characters.
  test("service account IDs stay within 30 characters, long names shortened with a stable hash", () => {
    for (const account of all("google_service_account")) expect(account.account_id.length).toBeLessThanOrEqual(SERVICE_ACCOUNT_ID_MAX);
    const long = boundedName("platform-team-7-northamerica-northeast2-nodes", SERVICE_ACCOUNT_ID_MAX);
    expect(long.length).toBeLessThanOrEqual(SERVICE_ACCOUNT_ID_MAX);
    expect(long).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    expect(boundedName("platform-team-7-northamerica-northeast2-nodes", SERVICE_ACCOUNT_ID_MAX)).toBe(long);
    expect(boundedName("platform-team-7-northamerica-northeast1-nodes", SERVICE_ACCOUNT_ID_MAX)).not.toBe(long);
  });

  // cloud.google.com/compute/docs/naming-resources: Compute Engine names are at most 63 characters.
  test("Compute Engine names stay within 63 characters at the longest prefix and T2D region", () => {
    const { stacks: long } = synthDeployment({ cloud: "gcp", namePrefix: "abcdefghij-klmnopqrs", regions: { primary: { name: "asia-southeast1" }, secondary: { name: "europe-west4" } } });
    const types = ["google_compute_network", "google_compute_subnetwork", "google_compute_router", "google_compute_router_nat", "google_compute_firewall", "google_compute_global_address", "google_container_node_pool"];
    for (const stack of Object.values(long)) {
      for (const type of types) for (const body of resources(stack, type)) expect({ type, name: body.name, ok: body.name.length <= 63 }).toMatchObject({ ok: true });
      for (const cluster of resources(stack, "google_container_cluster")) expect(cluster.name.length).toBeLessThanOrEqual(40);
      for (const account of resources(stack, "google_service_account")) expect(account.account_id.length).toBeLessThanOrEqual(30);
    }
  });
});

describe("networking", () => {
  // REFERENCE.md section 4: private clusters turn private_ip_google_access on and drift otherwise.
  test("every subnet has private Google access and flow logs from the start", () => {
    for (const subnet of all("google_compute_subnetwork")) {
      expect(subnet.private_ip_google_access).toBe(true);
      expect(subnet.log_config).toBeDefined();
    }
  });

  // Endpoint-independent mapping makes Cloud NAT an "easy" NAT, so Coder's clients reach workspaces directly
  // instead of through DERP (Coder docs, admin/networking/stun). It and dynamic port allocation are mutually
  // exclusive (google_compute_router_nat docs), so ports are static: enough per node for 14 workspaces
  // (REFERENCE.md section 4: the default 64 run out), a power of two.
  test("Cloud NAT: endpoint-independent mapping with static ports, 4096 per node", () => {
    const isPowerOfTwo = (n: number) => Number.isInteger(Math.log2(n));
    for (const nat of all("google_compute_router_nat")) {
      expect(nat.enable_endpoint_independent_mapping).toBe(true);
      expect(nat.enable_dynamic_port_allocation).toBe(false);
      expect(nat.max_ports_per_vm).toBeUndefined();
      expect(nat.min_ports_per_vm).toBe(4096);
      expect(isPowerOfTwo(nat.min_ports_per_vm)).toBe(true);
    }
  });

  // Found here; cloud.google.com/vpc/docs/subnets#valid-ranges: primary and secondary ranges of all
  // subnets in one VPC must not overlap, so the two regions cannot share one service range.
  test("the two regions' secondary ranges differ, though both clusters share kubernetes.serviceCidr", () => {
    const ranges = all("google_compute_subnetwork").flatMap((s) => [s.ip_cidr_range, ...s.secondary_ip_range.map((r: TerraformJson) => r.ip_cidr_range)]);
    expect(new Set(ranges).size).toBe(ranges.length);
  });

  // Found here; cdktf lib/terraform-provider.js converts a provider's attribute keys to snake_case
  // all the way down, map keys included: `defaultLabels` would label everything `managed_by`.
  test("the provider's default labels keep their '-' keys", () => {
    for (const stack of Object.values(stacks)) expect(Object.keys(stack.provider.google[0].default_labels).sort()).toEqual(["coder-refarch-deployment", "managed-by"]);
  });

  test("firewall: a logged deny-all under GKE's own rules; health checks only from Google's probers to this region's nodes", () => {
    const [deny] = resources(stacks[PRIMARY], "google_compute_firewall").filter((f) => f.deny);
    expect(deny).toMatchObject({ direction: "INGRESS", priority: 65534, source_ranges: ["0.0.0.0/0"], deny: [{ protocol: "all" }], log_config: { metadata: "INCLUDE_ALL_METADATA" } });
    expect(deny.name).toBe("coder-deny-all-ingress");
    expect(resources(stacks[PRIMARY], "google_compute_firewall").filter((f) => f.deny)).toHaveLength(1);
    for (const [name, stack] of Object.entries(stacks)) {
      const [allow] = resources(stack, "google_compute_firewall").filter((f) => f.allow);
      expect({ name, allow }).toMatchObject({
        name,
        // Passthrough Network Load Balancers also probe from 209.85.152.0/22 and 209.85.204.0/22 (health-check-concepts#ip-ranges).
        allow: { source_ranges: ["35.191.0.0/16", "130.211.0.0/22", "209.85.152.0/22", "209.85.204.0/22"], allow: [{ protocol: "tcp" }], target_service_accounts: [`\${${idOf(stack, "google_service_account")}.email}`] },
      });
    }
  });
});
