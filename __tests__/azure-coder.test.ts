import { App, TerraformStack, Testing } from "cdktf";
import { literalHelmValues } from "../lib/terraform/helm-values-documents";
import { AKS_ENTRA_SERVER_APP_ID, AksKubernetesAccess, KUBELOGIN_EXEC_API_VERSION, WORKSPACE_DISK_SKU } from "../lib/azure/aks-kubernetes-access";
import { KEY_VAULT_SECRET_ID_PATTERN, KeyVaultPassword } from "../lib/azure/key-vault-password";
import { WORKSPACE_STORAGE_CLASS } from "../lib/coder/workspace-namespace";
import { IKubernetesCluster } from "../lib/contracts/cluster";
import { checkAppPolicy, POLICY_RULES } from "../lib/policy";
import { CODER_VERSION, PROVISIONER_GRACE_SECONDS } from "../lib/plan/coder-plan";
import { addDeployment } from "../stacks/deployment";
import { azurePlanOf, synthAzureDeployment } from "./support/azure-synth";
import { chartValues, unknownChartKeys } from "./support/chart-values";
import { resources, TerraformJson } from "./support/synth";

const PRIMARY = "azure-eastus-coder";
const SECONDARY = "azure-westus2-coder";


describe("the Coder stacks of the default Azure deployment", () => {
  const { stacks, files } = synthAzureDeployment();
  const releases = (stack: string) => resources(stacks[stack], "helm_release");
  const valuesOf = (release: TerraformJson) => literalHelmValues(release);
  // Coder's charts; Reloader beside them is tested with the TLS layer (coder-tls.test.ts).
  const all = [...releases(PRIMARY), ...releases(SECONDARY)].filter((r) => r.chart === "coder" || r.chart === "coder-provisioner");
  const coderd = releases(PRIMARY).find((r) => r.chart === "coder")!;
  const proxy = releases(SECONDARY).find((r) => r.chart === "coder")!;
  const envValue = (release: TerraformJson, name: string) => (valuesOf(release).coder.env as TerraformJson[]).find((e) => e.name === name);

  test("a coder stack per region, beside the infrastructure stacks", () => {
    expect(Object.keys(stacks).sort()).toEqual(["azure-eastus-addons", "azure-eastus-coder", "azure-eastus-infra", "azure-westus2-addons", "azure-westus2-coder", "azure-westus2-infra"]);
  });

  test("one coderd release, in the primary region, 2 replicas on the coderd pool, one per node", () => {
    expect(all.filter((r) => r.chart === "coder" && !valuesOf(r).coder.workspaceProxy)).toEqual([coderd]);
    const coder = valuesOf(coderd).coder;
    expect(coder.replicaCount).toBe(2);
    expect(coderd.namespace).toBe("coder");
    expect(coder.nodeSelector).toEqual({ "coder-refarch/pool": "coderd" });
    expect(coder.tolerations).toEqual([{ key: "coder-refarch/pool", operator: "Equal", value: "coderd", effect: "NoSchedule" }]);
    expect(coder.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe("kubernetes.io/hostname");
    // Standard_D4s_v3: 3860m / 13669 MiB allocatable, less AKS's daemons (350m / 570 MiB) and the 200m / 512 MiB headroom.
    expect(coder.resources).toEqual({ requests: { cpu: "3310m", memory: "12587Mi" }, limits: { cpu: "3310m", memory: "12587Mi" } });
    expect(envValue(coderd, "CODER_PROVISIONER_DAEMONS")?.value).toBe("0");
    expect(envValue(coderd, "CODER_PROMETHEUS_ENABLE")?.value).toBe("true");
  });

  test("provisioners in both regions, in their own namespace, 120 in total, on the provisioner pool", () => {
    const provisioners = all.filter((r) => r.chart === "coder-provisioner");
    expect(releases(PRIMARY).filter((r) => r.chart === "coder-provisioner").map((r) => r.name)).toEqual(["coder-provisioner", "coder-provisioner-untagged"]);
    expect(releases(SECONDARY).filter((r) => r.chart === "coder-provisioner").map((r) => r.name)).toEqual(["coder-provisioner"]);
    for (const release of provisioners) {
      expect(release.namespace).toBe("coder-provisioners");
      expect(release.namespace).not.toBe(coderd.namespace);
      const coder = valuesOf(release).coder;
      expect(coder.nodeSelector).toEqual({ "coder-refarch/pool": "provisioner" });
      expect(coder.tolerations).toEqual([{ key: "coder-refarch/pool", operator: "Equal", value: "provisioner", effect: "NoSchedule" }]);
      // A thirtieth of what a Standard_D8s_v3 leaves pods (7270m / 28715 MiB).
      expect(coder.resources).toEqual({ requests: { cpu: "242m", memory: "957Mi" }, limits: { memory: "957Mi" } });
      expect(valuesOf(release).provisionerDaemon.terminationGracePeriodSeconds).toBe(PROVISIONER_GRACE_SECONDS);
    }
    expect(provisioners.reduce((sum, r) => sum + valuesOf(r).coder.replicaCount, 0)).toBe(120);
    // Each key is kept in its region's Key Vault, written from standard input so it never appears on a command line.
    const vault = azurePlanOf().primary.azure!.keyVault;
    expect(stacks[PRIMARY].output.bootstrap_commands.value[0]).toBe(
      `coder provisioner keys create eastus --tag region=eastus | tail -n 1 | az keyvault secret set --vault-name ${vault} --name coder-eastus-coder-provisioner-key --file /dev/stdin --output none`,
    );
    expect(stacks[SECONDARY].output.bootstrap_commands.value[0]).toMatch(/^coder provisioner keys create westus2 --tag region=westus2 \| tail -n 1 \| az keyvault secret set --vault-name [a-z0-9-]+ /);
  });

  test("the workspace proxy: the secondary region, proxy pool, primary URL, its token from a secret", () => {
    const coder = valuesOf(proxy).coder;
    expect(coder.workspaceProxy).toBe(true);
    expect(coder.replicaCount).toBe(2);
    expect(coder.nodeSelector).toEqual({ "coder-refarch/pool": "proxy" });
    expect(envValue(proxy, "CODER_PRIMARY_ACCESS_URL")?.value).toBe("https://coder.example.com");
    expect(envValue(proxy, "CODER_PROXY_SESSION_TOKEN")?.valueFrom).toEqual({ secretKeyRef: { name: "coder-proxy-token", key: "token" } });
    // The proxy makes no database connection: no password is read in the secondary.
    expect(stacks[SECONDARY].data?.azurerm_key_vault_secret).toBeUndefined();
    expect(stacks[SECONDARY].output.bootstrap_commands.value[1]).toMatch(/^coder wsproxy create --name westus2 --display-name westus2 --only-token \| tail -n 1 \| az keyvault secret set /);
  });

  test("every release is pinned to the same exact chart version, and its values use only keys the chart reads", () => {
    expect(all).toHaveLength(5);
    for (const release of all) {
      expect(release).toMatchObject({ version: CODER_VERSION, repository: "https://helm.coder.com/v2" });
      expect({ release: release.name, unknown: unknownChartKeys(valuesOf(release), chartValues(release.chart)) }).toEqual({ release: release.name, unknown: [] });
    }
  });

  test("Kubernetes and Helm reach AKS with a kubelogin exec token for the AKS Entra server app; endpoint and CA from the infra stack", () => {
    for (const [stack, region] of [[PRIMARY, "eastus"], [SECONDARY, "westus2"]]) {
      const [kubernetes] = stacks[stack].provider.kubernetes;
      const exec = { api_version: KUBELOGIN_EXEC_API_VERSION, command: "kubelogin", args: ["get-token", "--login", "azurecli", "--server-id", AKS_ENTRA_SERVER_APP_ID] };
      expect(kubernetes.exec).toEqual([exec]);
      expect(AKS_ENTRA_SERVER_APP_ID).toBe("6dae42f8-4368-4678-94ff-3960e28e3630");
      // The private API (no apiAllowedCidrs) through the cluster's private FQDN, from the infra stack's state.
      // The public FQDN, which resolves to the private endpoint: a runner in a network peered with both VNets
      // resolves both clusters without links to their private DNS zones (learn.microsoft.com/azure/aks/private-clusters).
      expect(kubernetes.host).toMatch(new RegExp(`^https://\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-azure-${region}-infra\\.outputs\\.[^}]+A4C38409fqdn\\}:443$`));
      // kube_config is sensitive as a whole; its public CA crosses as a sensitive output and is unwrapped here.
      expect(kubernetes.cluster_ca_certificate).toMatch(/^\$\{base64decode\(nonsensitive\(data\.terraform_remote_state\.[^)]+cluster_ca_certificate\)\)\}$/);
      const [helm] = stacks[stack].provider.helm;
      expect(helm.kubernetes).toEqual({ host: kubernetes.host, cluster_ca_certificate: kubernetes.cluster_ca_certificate, exec });
      for (const config of [kubernetes, helm.kubernetes]) {
        for (const key of ["token", "client_key", "client_certificate", "password", "username", "config_path"]) expect(config[key]).toBeUndefined();
      }
    }
  });

  test("the cross-stack outputs the coder stacks read are sensitive (a sensitive value in a plain output fails the plan)", () => {
    for (const infra of ["azure-eastus-infra", "azure-westus2-infra"]) {
      const crossStack = Object.entries(stacks[infra].output as Record<string, TerraformJson>).filter(([name]) => name.startsWith("cross-stack-output-"));
      expect(crossStack.map(([name]) => name).filter((n) => n.includes("kube_config0cluster_ca_certificate"))).toHaveLength(1);
      for (const [, output] of crossStack) expect(output.sensitive).toBe(true);
    }
  });

  test("the database password: read from the primary's Key Vault secret named in the contract, never a literal; TLS required", () => {
    const data = stacks[PRIMARY].data;
    const [vault] = Object.values(data.azurerm_key_vault as Record<string, TerraformJson>);
    const [secret] = Object.values(data.azurerm_key_vault_secret as Record<string, TerraformJson>);
    const reference = /data\.terraform_remote_state\.cross-stack-reference-input-azure-eastus-infra\.outputs\.[^)]+admin-password-secret[^)]+versionless_id/;
    expect(vault.resource_group_name).toBe(azurePlanOf().primary.azure!.resourceGroup);
    expect(vault.name).toMatch(/^\$\{element\(regex\(/);
    expect(vault.name).toMatch(reference);
    expect(vault.name).toMatch(/, 0\)\}$/);
    expect(secret.name).toMatch(reference);
    expect(secret.name).toMatch(/, 1\)\}$/);
    expect(secret.key_vault_id).toMatch(/^\$\{data\.azurerm_key_vault\.[^.]+\.id\}$/);
    const url = resources(stacks[PRIMARY], "kubernetes_secret_v1").find((s) => s.metadata.name === "coder-db-url")!.data.url;
    expect(url).toMatch(/^postgres:\/\/\$\{urlencode\("coder"\)\}:\$\{urlencode\(data\.azurerm_key_vault_secret\.[^.]+\.value\)\}@\$\{data\.terraform_remote_state\.[^}]+fqdn\}:5432\/coder\?sslmode=require$/);
    // This stack creates no Azure resource and registers no resource providers (least privilege).
    expect(Object.keys(stacks[PRIMARY].resource).filter((type) => type.startsWith("azurerm_"))).toEqual([]);
    expect(stacks[PRIMARY].provider.azurerm).toEqual([{ features: [{}], resource_provider_registrations: "none" }]);
  });

  test("the secret ID pattern takes a versionless Key Vault secret ID apart, and refuses anything else", () => {
    const match = new RegExp(KEY_VAULT_SECRET_ID_PATTERN).exec("https://coder-kv-1a2b3c.vault.azure.net/secrets/coder-pg-1a2b3c-admin-password");
    expect(match?.slice(1)).toEqual(["coder-kv-1a2b3c", "coder-pg-1a2b3c-admin-password"]);
    expect(KEY_VAULT_SECRET_ID_PATTERN).not.toContain("\\");
    expect(new RegExp(KEY_VAULT_SECRET_ID_PATTERN).test("arn:aws:secretsmanager:us-east-1:1:secret:x")).toBe(false);
  });

  test("no secret in plain text: secrets are references or write-only variables, and nothing secret-looking is a literal", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      for (const secret of resources(stacks[stack], "kubernetes_secret_v1")) {
        for (const value of Object.values({ ...secret.data, ...secret.data_wo }) as string[]) expect(value).toMatch(/\$\{/);
      }
      // Outputs hold only the commands to run (checked above); everything else holds no secret-looking literal.
      const { output, ...rest } = stacks[stack];
      expect(Object.keys(output).sort()).toEqual(["bootstrap_commands"]);
      expect(JSON.stringify(rest, null, 2)).not.toMatch(/"(token|password|psk|key|value)"\s*:\s*"(?!\$\{)[^"]{8,}"/i);
      expect(stacks[stack].variable[`provisioner_key_${stack === PRIMARY ? "eastus" : "westus2"}`]).toMatchObject({ sensitive: true, ephemeral: true, default: "" });
    }
  });

  test("coderd and the proxy behind the Standard Load Balancer with the Local traffic policy: users' addresses reach coderd, only nodes with a replica are probed healthy", () => {
    for (const release of [coderd, proxy]) {
      const service = valuesOf(release).coder.service;
      expect(service).toMatchObject({ type: "LoadBalancer", sessionAffinity: "None", externalTrafficPolicy: "Local" });
      // AKS docs (load-balancer-standard, "Maintain the client's IP on inbound connections"): only `Local` keeps it.
      // The chart's default is Cluster, which masks client addresses in Coder's audit log (Coder docs, install/kubernetes.md).
      expect(chartValues("coder")).toMatchObject({ coder: { service: { externalTrafficPolicy: "Cluster" } } });
      expect(service.annotations).toEqual({
        // 4 minutes by default, 30 at most (cloud-provider-azure, LoadBalancer annotations).
        "service.beta.kubernetes.io/azure-load-balancer-tcp-idle-timeout": "30",
        "service.beta.kubernetes.io/azure-pip-tags": "managed-by=coder-refarch,coder-refarch-deployment=coder",
      });
      // For local services the cloud provider probes the healthCheckNodePort with HTTP GET /healthz itself
      // ("Custom load balancer health probe"); per-port probe annotations would override it with the pods' port.
      expect(Object.keys(service.annotations).some((k) => k.includes("health-probe"))).toBe(false);
    }
  });

  test("workspace homes: zone-redundant Premium SSD through the Azure Disk CSI driver, bound when the pod is placed", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      const [storageClass] = resources(stacks[stack], "kubernetes_storage_class_v1");
      expect(storageClass).toMatchObject({
        metadata: { name: WORKSPACE_STORAGE_CLASS },
        storage_provisioner: "disk.csi.azure.com",
        parameters: { skuName: "Premium_ZRS" },
        volume_binding_mode: "WaitForFirstConsumer",
        reclaim_policy: "Delete",
        allow_volume_expansion: true,
      });
    }
    expect(WORKSPACE_DISK_SKU).toMatch(/_ZRS$/);
  });

  test("workspaces: the provisioners' Role and the default-deny policy with egress never to the VNets, metadata or the WireServer", () => {
    const plan = azurePlanOf();
    for (const [stack, region, other] of [[PRIMARY, plan.primary, plan.secondary], [SECONDARY, plan.secondary, plan.primary]] as const) {
      const [binding] = resources(stacks[stack], "kubernetes_role_binding_v1");
      const accounts = stack === PRIMARY ? ["coder-provisioner", "coder-provisioner-untagged"] : ["coder-provisioner"];
      expect(binding.subject).toEqual(accounts.map((name) => ({ kind: "ServiceAccount", name, namespace: "coder-provisioners" })));
      const egress = resources(stacks[stack], "kubernetes_network_policy_v1").find((p) => p.metadata.name === "workspace-egress")!;
      // 168.63.129.16: Azure's WireServer (protected VM settings); AKS blocks it with node iptables rules (Azure/AgentBaker PRs 345, 4470).
      // No service range: Cilium translates a ClusterIP before the policy sees it, so excepting it would do nothing.
      expect(egress.spec.egress[2].to[0].ip_block.except).toEqual([region.network.cidr, other.network.cidr, "169.254.0.0/16", "168.63.129.16/32"]);
    }
  });

  test("zero policy violations with the coder stacks in", () => {
    const app = new App({ stackTraces: false });
    addDeployment(app, azurePlanOf());
    const result = checkAppPolicy(app, POLICY_RULES.azure, []);
    expect(result.violations.map((v) => `${v.rule.id} ${v.block.path}`)).toEqual([]);
    expect(result.suppressed).toEqual([]);
  });

  test.each([PRIMARY, SECONDARY])("%s matches its committed snapshot", (name) => {
    expect(files[`stacks/${name}/cdk.tf.json`]).toMatchSnapshot();
  });
});

describe("Azure coder options", () => {
  test("coder.enabled false leaves the coder stacks out", () => {
    const { stacks } = synthAzureDeployment({ coder: { enabled: false } });
    expect(Object.keys(stacks).sort()).toEqual(["azure-eastus-infra", "azure-westus2-infra"]);
  });

  test("with the azurerm backend each coder stack has its own state key and reads its infrastructure's", () => {
    const backend = { type: "azurerm", resourceGroupName: "tfstate", storageAccountName: "acmetfstate", containerName: "tfstate" };
    const { stacks } = synthAzureDeployment({ backend });
    expect(stacks[PRIMARY].terraform.backend.azurerm.key).toBe("coder-refarch/coder/azure-eastus-coder.tfstate");
    const remote = Object.values(stacks[PRIMARY].data.terraform_remote_state as Record<string, TerraformJson>);
    expect(remote.map((r) => [r.backend, r.config.key])).toEqual([["azurerm", "coder-refarch/coder/azure-eastus-infra.tfstate"]]);
  });

  test("a public API (apiAllowedCidrs) is reached at the cluster's public FQDN", () => {
    const { stacks } = synthAzureDeployment({ kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] } });
    expect(stacks[PRIMARY].provider.kubernetes[0].host).toMatch(/outputs\.[^}]+fqdn\}:443$/);
    expect(stacks[PRIMARY].provider.kubernetes[0].host).not.toMatch(/private_fqdn/);
  });

  test("a subscription named in the config is the coder stacks' too", () => {
    const subscriptionId = "00000000-0000-0000-0000-000000000001";
    const { stacks } = synthAzureDeployment({ azure: { subscriptionId } });
    expect(stacks[PRIMARY].provider.azurerm[0].subscription_id).toBe(subscriptionId);
  });
});

describe("AksKubernetesAccess and KeyVaultPassword refuse what they cannot serve", () => {
  const cluster = (cloud: IKubernetesCluster["cloud"]): IKubernetesCluster => ({
    cloud,
    region: "eastus",
    clusterName: "c",
    clusterEndpoint: "https://c.example:443",
    clusterCaCertificate: "Y2E=",
    workloadIdentity: { kind: "azure-workload-identity", issuer: "https://issuer" },
  });
  const inStack = (build: (stack: TerraformStack) => void) => build(new TerraformStack(Testing.app(), "s"));

  test("a cluster of another cloud", () => {
    inStack((stack) => expect(() => new AksKubernetesAccess(stack, "access", { cluster: cluster("aws") })).toThrow(/AksKubernetesAccess access: needs an AKS cluster, got a aws cluster/));
  });

  test("a login mode that kubelogin offers but that would need a secret in the configuration", () => {
    inStack((stack) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an invalid value on purpose
      expect(() => new AksKubernetesAccess(stack, "access", { cluster: cluster("azure"), loginMode: "spn" as any })).toThrow(/loginMode "spn" is not one of azurecli, workloadidentity, msi/),
    );
  });

  test("workload identity login for CI", () => {
    const json = JSON.parse(Testing.synthScope((scope) => void new AksKubernetesAccess(scope, "access", { cluster: cluster("azure"), loginMode: "workloadidentity" })));
    expect(json.provider.kubernetes[0].exec[0].args).toEqual(["get-token", "--login", "workloadidentity", "--server-id", AKS_ENTRA_SERVER_APP_ID]);
  });

  test("credentials kept elsewhere, or a JSON field a Key Vault secret does not have", () => {
    inStack((stack) => {
      const aws = { store: "aws-secrets-manager", reference: "arn", username: "coder", passwordField: "password" } as const;
      expect(() => new KeyVaultPassword(stack, "a", { credentials: aws, vaultResourceGroupName: "rg" })).toThrow(/kept in aws-secrets-manager, not azure-key-vault/);
      const field = { store: "azure-key-vault", reference: "https://v.vault.azure.net/secrets/s", username: "coder", passwordField: "password" } as const;
      expect(() => new KeyVaultPassword(stack, "b", { credentials: field, vaultResourceGroupName: "rg" })).toThrow(/passwordField "password" has no meaning here/);
    });
  });
});
