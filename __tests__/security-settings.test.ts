import { synthAzureDeployment } from "./support/azure-synth";
import { onlyResource, resources, synthDeployment, TerraformJson } from "./support/synth";

/**
 * Security settings whose loss no other test would see: the complete inbound rule set of every Azure
 * subnet, what each cloud's control plane logs, and the generated passwords' alphabet.
 */
describe("Azure: each subnet's inbound rules, complete", () => {
  const { stacks } = synthAzureDeployment();
  const rules = (stack: TerraformJson, subnet: string) =>
    resources(stack, "azurerm_network_security_rule")
      .filter((r) => r["//"].metadata.path.startsWith(`${Object.keys(stacks).find((s) => stacks[s] === stack)}/network/${subnet}-`))
      .map((r) => [r.priority, r.direction, r.access, r.protocol, r.source_address_prefix ?? r.source_address_prefixes, r.destination_port_range ?? r.destination_port_ranges, r.name])
      .sort((a, b) => Number(a[0]) - Number(b[0]));

  test.each(["azure-eastus-infra", "azure-westus2-infra"])("%s", (name) => {
    const stack = stacks[name];
    // Nodes: only the load balancer's ports from the internet; everything else from it denied.
    expect(rules(stack, "node")).toEqual([
      [100, "Inbound", "Allow", "Tcp", "Internet", ["80", "443"], "allow-internet-to-load-balancer"],
      [4096, "Inbound", "Deny", "*", "Internet", "*", "deny-other-internet"],
    ]);
    // PostgreSQL: 5432 from the two regions' networks, its own subnet, nothing else from the VNet or the internet.
    const postgres = rules(stack, "postgres");
    expect(postgres.map((r) => [r[0], r[2], r[3], r[5], r[6]])).toEqual([
      [100, "Allow", "Tcp", "5432", "allow-postgres-from-regions"],
      [110, "Allow", "*", "*", "allow-within-subnet"],
      [4000, "Deny", "*", "*", "deny-other-vnet"],
      [4096, "Deny", "*", "*", "deny-internet"],
    ]);
    expect(postgres.every((r) => r[1] === "Inbound")).toBe(true);
    expect(postgres[0][4]).toEqual(["10.0.0.0/16", "10.1.0.0/16"]);
    expect(postgres[2][4]).toBe("VirtualNetwork");
    expect(postgres[3][4]).toBe("Internet");
    // Private endpoints: nothing from the internet.
    expect(rules(stack, "private-endpoint")).toEqual([[4096, "Inbound", "Deny", "*", "Internet", "*", "deny-internet"]]);
  });

  test("AKS sends every control-plane log and all metrics to the region's Log Analytics workspace", () => {
    const setting = onlyResource(stacks["azure-eastus-infra"], "azurerm_monitor_diagnostic_setting");
    expect(setting.enabled_log.map((l: TerraformJson) => l.category)).toEqual(["kube-apiserver", "kube-audit-admin", "kube-controller-manager", "kube-scheduler", "cluster-autoscaler", "guard"]);
    expect(setting.enabled_metric).toEqual([{ category: "AllMetrics" }]);
    expect(setting.log_analytics_destination_type).toBe("Dedicated");
    expect(setting.target_resource_id).toMatch(/^\$\{azurerm_kubernetes_cluster\..*\.id\}$/);
    expect(setting.log_analytics_workspace_id).toMatch(/^\$\{azurerm_log_analytics_workspace\..*\.id\}$/);
  });

  test("the PostgreSQL admin password is 40 characters whose symbols need no escaping in a connection URL", () => {
    const password = onlyResource(stacks["azure-eastus-infra"], "random_password");
    expect(password).toMatchObject({ length: 40, special: true, override_special: "-_.~", min_upper: 2, min_lower: 2, min_numeric: 2, min_special: 2 });
    // RFC 3986 unreserved characters: a password made of them goes into postgres:// URLs as it is.
    expect(password.override_special).toMatch(/^[-._~]+$/);
  });
});

describe("what the control planes log", () => {
  test("GKE: system components, API server, controller manager, scheduler and workloads", () => {
    const { stacks } = synthDeployment({ cloud: "gcp" });
    for (const name of ["gcp-us-east1-infra", "gcp-us-west1-infra"]) {
      const cluster = onlyResource(stacks[name], "google_container_cluster");
      expect(cluster.logging_config.enable_components).toEqual(["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"]);
    }
  });

  test("EKS: API access entries only, with the creator bootstrapped as admin so the deploying identity can install the add-ons", () => {
    const { stacks } = synthDeployment();
    const cluster = onlyResource(stacks["aws-us-east-1-infra"], "aws_eks_cluster");
    expect(cluster.access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: true });
    expect(cluster.enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
  });
});
