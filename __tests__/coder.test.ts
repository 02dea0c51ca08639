import { readdirSync, readFileSync } from "node:fs";
import { CERT_MANAGER_CHART, RELOADER_CHART } from "../lib/reference/addon-charts";
import { literalHelmValues } from "../lib/terraform/helm-values-documents";
import { join } from "node:path";
import { parse } from "yaml";
import { ConfigError, validateConfig } from "../lib/config";
import { CODER_VERSION, PROVISIONER_GRACE_SECONDS } from "../lib/plan/coder-plan";
import { advisoriesAffecting } from "../lib/reference/coder-advisories";
import { WORKSPACE_STORAGE_CLASS } from "../lib/coder/workspace-namespace";
import { ONE_AT_A_TIME_ROLLOUT_SCRIPT } from "../lib/coder/rollout-postrender";
import { spawnSync } from "node:child_process";
import { planSummary } from "../lib/report/plan-summary";
import { planOf, resources, synthDeployment, TerraformJson } from "./support/synth";

const ROOT = join(__dirname, "..");
const PRIMARY = "aws-us-east-1-coder";
const SECONDARY = "aws-us-west-2-coder";


describe("the Coder stacks of the default AWS deployment", () => {
  const { stacks, files } = synthDeployment();
  const releases = (stack: string) => resources(stacks[stack], "helm_release");
  const valuesOf = (release: TerraformJson) => literalHelmValues(release);
  // Coder's own charts; the coder stacks also install Reloader (lib/coder/reloader.ts), tested with the TLS layer.
  const all = [...releases(PRIMARY), ...releases(SECONDARY)].filter((r) => r.chart === "coder" || r.chart === "coder-provisioner");
  const byChart = (chart: string) => all.filter((r) => r.chart === chart);
  const plan = planOf();
  const coderd = releases(PRIMARY).find((r) => r.chart === "coder")!;
  const proxy = releases(SECONDARY).find((r) => r.chart === "coder")!;
  const env = (release: TerraformJson) => valuesOf(release).coder.env as TerraformJson[];
  const envValue = (release: TerraformJson, name: string) => env(release).find((e) => e.name === name);

  test("one coderd release, in the primary region, 2 replicas", () => {
    expect(byChart("coder").filter((r) => !valuesOf(r).coder.workspaceProxy)).toEqual([coderd]);
    expect(valuesOf(coderd).coder.replicaCount).toBe(2);
    expect(coderd.namespace).toBe("coder");
  });

  test("every release is pinned to the same exact chart version from Coder's repository, outside every known advisory", () => {
    expect(all).toHaveLength(5);
    for (const release of all) {
      expect(release).toMatchObject({ version: CODER_VERSION, repository: "https://helm.coder.com/v2" });
    }
    // The 2.34 ESR line at or past both advisories' fixes: 2.34.8 (GHSA-h58h-qvv5-xvwg) and 2.34.9 (GHSA-vx42-ghc9-gw65).
    expect(CODER_VERSION).toMatch(/^2\.34\.\d+$/);
    expect(Number(CODER_VERSION.split(".")[2])).toBeGreaterThanOrEqual(9);
    expect(advisoriesAffecting(CODER_VERSION)).toEqual([]);
    expect(advisoriesAffecting("2.34.7").map((a) => a.advisory.id)).toEqual(["GHSA-h58h-qvv5-xvwg", "GHSA-vx42-ghc9-gw65"]);
    expect(advisoriesAffecting("2.34.8").map((a) => [a.advisory.id, a.fixedIn])).toEqual([["GHSA-vx42-ghc9-gw65", "2.34.9"]]);
    expect(advisoriesAffecting("2.35.6").map((a) => a.advisory.id)).toEqual(["GHSA-vx42-ghc9-gw65"]);
    expect(advisoriesAffecting("2.37.0")).toEqual([]);
    expect(advisoriesAffecting("2.32.4").map((a) => a.fixedIn)).toEqual(["2.36.0", "2.37.0"]);
  });

  test("coderd: one per coderd node (selector, toleration, hard anti-affinity on hostname), spread over zones", () => {
    const coder = valuesOf(coderd).coder;
    expect(coder.nodeSelector).toEqual({ "coder-refarch/pool": "coderd" });
    expect(coder.tolerations).toEqual([{ key: "coder-refarch/pool", operator: "Equal", value: "coderd", effect: "NoSchedule" }]);
    expect(coder.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: { "app.kubernetes.io/instance": "coder" } }, topologyKey: "kubernetes.io/hostname" },
    ]);
    expect(coder.topologySpreadConstraints[0]).toMatchObject({ topologyKey: "topology.kubernetes.io/zone", maxSkew: 1 });
  });

  test("coderd: requests equal limits, the plan's share of the node", () => {
    const { requests, limits } = valuesOf(coderd).coder.resources;
    expect(requests).toEqual(limits);
    const sized = plan.coder.primary.server!.resources;
    expect(requests).toEqual({ cpu: `${sized.cpuMillis}m`, memory: `${sized.memoryMib}Mi` });
    // t3.xlarge: 3920m / 14802 MiB allocatable, less 180m / 120 MiB of EKS daemons and 200m / 512 MiB headroom.
    expect(requests).toEqual({ cpu: "3540m", memory: "14170Mi" });
  });

  test("coderd: built-in provisioners off, Prometheus on, access URLs from the config, database URL from a secret", () => {
    expect(envValue(coderd, "CODER_PROVISIONER_DAEMONS")).toEqual({ name: "CODER_PROVISIONER_DAEMONS", value: "0" });
    expect(envValue(coderd, "CODER_PROMETHEUS_ENABLE")?.value).toBe("true");
    expect(envValue(coderd, "CODER_ACCESS_URL")?.value).toBe("https://coder.example.com");
    expect(envValue(coderd, "CODER_WILDCARD_ACCESS_URL")?.value).toBe("*.coder.example.com");
    expect(envValue(coderd, "CODER_PG_CONNECTION_URL")).toEqual({ name: "CODER_PG_CONNECTION_URL", valueFrom: { secretKeyRef: { name: "coder-db-url", key: "url" } } });
  });

  test("the database URL secret: built from the contract, TLS required, the password only as a reference into Secrets Manager", () => {
    const secret = resources(stacks[PRIMARY], "kubernetes_secret_v1").find((s) => s.metadata.name === "coder-db-url")!;
    expect(secret.metadata.namespace).toBe("coder");
    expect(secret.data.url).toMatch(/^postgres:\/\/\$\{urlencode\("coder"\)\}:\$\{urlencode\(jsondecode\(data\.aws_secretsmanager_secret_version\.[^.]+\.secret_string\)\.password\)\}@\$\{data\.terraform_remote_state\.cross-stack-reference-input-aws-us-east-1-infra\.outputs\.[^}]+address\}:5432\/coder\?sslmode=require$/);
    const [version] = Object.values(stacks[PRIMARY].data.aws_secretsmanager_secret_version as Record<string, TerraformJson>);
    // With the replica on (the default) the database keeps its generated password in its own replicated secret.
    expect(version.secret_id).toMatch(/aws_secretsmanager_secretdatabase_master-secret_[0-9A-F]+arn\}$/);
  });

  test("coderd behind an internet-facing NLB with cross-zone balancing, no ClientIP affinity", () => {
    const service = valuesOf(coderd).coder.service;
    expect(service).toMatchObject({ type: "LoadBalancer", sessionAffinity: "None" });
    expect(service.annotations).toMatchObject({
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
    });
  });

  test("a PodDisruptionBudget keeps one coderd serving through drains", () => {
    const [pdb] = resources(stacks[PRIMARY], "kubernetes_pod_disruption_budget_v1");
    expect(pdb.spec).toEqual({ max_unavailable: "1", selector: { match_labels: { "app.kubernetes.io/instance": coderd.name, "app.kubernetes.io/name": "coder" } } });
    expect(pdb.metadata.namespace).toBe("coder");
    const [proxyPdb] = resources(stacks[SECONDARY], "kubernetes_pod_disruption_budget_v1");
    expect(proxyPdb.spec.selector.match_labels["app.kubernetes.io/instance"]).toBe(proxy.name);
    expect(proxyPdb.count).toBe(proxy.count);
  });

  test("provisioners in both regions, in their own namespace, 120 in total (the primary's 60 as 50 tagged and 10 untagged), on the provisioner pool", () => {
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
      // An equal share of what a t3.2xlarge leaves pods (7530m / 30105 MiB): 30 per node, 31 never.
      expect(coder.resources).toEqual({ requests: { cpu: "251m", memory: "1003Mi" }, limits: { memory: "1003Mi" } });
      expect(coder.env).toContainEqual({ name: "CODER_URL", value: "https://coder.example.com" });
    }
    expect(provisioners.reduce((sum, r) => sum + valuesOf(r).coder.replicaCount, 0)).toBe(120);
    expect(31 * 251).toBeGreaterThan(7530);
  });

  test("provisioners: 30 per provisioner node of their region", () => {
    for (const region of [plan.primary, plan.secondary]) {
      const nodes = region.pools.find((p) => p.role === "provisioner")!.desiredNodes;
      const coderRegion = region.role === "primary" ? plan.coder.primary : plan.coder.secondary;
      expect(coderRegion.provisioners!.replicas).toBe(30 * nodes);
    }
  });

  test("provisioners: authenticated by a key (no PSK, no chart tags), the key carries the region tag, grace longer than a build", () => {
    for (const [stack, region] of [[PRIMARY, "us-east-1"], [SECONDARY, "us-west-2"]]) {
      const release = releases(stack).find((r) => r.name === "coder-provisioner")!;
      const daemon = valuesOf(release).provisionerDaemon;
      expect(daemon).toEqual({ keySecretName: "coder-provisioner-key", keySecretKey: "key", terminationGracePeriodSeconds: PROVISIONER_GRACE_SECONDS });
      expect(PROVISIONER_GRACE_SECONDS).toBeGreaterThan(600);
      expect(stacks[stack].output.bootstrap_commands.value[0]).toBe(
        `coder provisioner keys create ${region} --tag region=${region} | tail -n 1 | ` +
          `aws secretsmanager put-secret-value --region ${region} --secret-id coder-${region}-coder-provisioner-key --secret-string file:///dev/stdin`,
      );
    }
  });

  test("the primary's untagged provisioners: a key without tags (Coder runs a job without tags only on an untagged provisioner), their own account", () => {
    const release = releases(PRIMARY).find((r) => r.name === "coder-provisioner-untagged")!;
    expect(valuesOf(release).provisionerDaemon).toMatchObject({ keySecretName: "coder-provisioner-untagged-key", keySecretKey: "key" });
    expect(valuesOf(release).coder.serviceAccount.name).toBe("coder-provisioner-untagged");
    expect(stacks[PRIMARY].output.bootstrap_commands.value[1]).toMatch(/^coder provisioner keys create untagged \| tail -n 1 \| aws secretsmanager put-secret-value --region us-east-1 --secret-id coder-us-east-1-coder-untagged-provisioner-key /);
    expect(releases(SECONDARY).map((r) => r.name)).not.toContain("coder-provisioner-untagged");
  });

  test("the workspace proxy: the secondary region, proxy pool, primary URL, its own URLs, its token from a secret", () => {
    const coder = valuesOf(proxy).coder;
    expect(coder.workspaceProxy).toBe(true);
    expect(coder.replicaCount).toBe(2);
    expect(coder.nodeSelector).toEqual({ "coder-refarch/pool": "proxy" });
    expect(coder.tolerations[0]).toMatchObject({ value: "proxy", effect: "NoSchedule" });
    expect(envValue(proxy, "CODER_PRIMARY_ACCESS_URL")?.value).toBe("https://coder.example.com");
    expect(envValue(proxy, "CODER_ACCESS_URL")?.value).toBe("https://coder-proxy.example.com");
    expect(envValue(proxy, "CODER_WILDCARD_ACCESS_URL")?.value).toBe("*.coder-proxy.example.com");
    expect(envValue(proxy, "CODER_PROXY_SESSION_TOKEN")).toEqual({ name: "CODER_PROXY_SESSION_TOKEN", valueFrom: { secretKeyRef: { name: "coder-proxy-token", key: "token" } } });
    expect(env(proxy).map((e) => e.name)).not.toContain("CODER_PG_CONNECTION_URL");
    expect(resources(stacks[SECONDARY], "aws_secretsmanager_secret_version")).toHaveLength(0);
    expect(stacks[SECONDARY].output.bootstrap_commands.value[1]).toBe(
      "coder wsproxy create --name us-west-2 --display-name us-west-2 --only-token | tail -n 1 | " +
        "aws secretsmanager put-secret-value --region us-west-2 --secret-id coder-us-west-2-coder-proxy-token --secret-string file:///dev/stdin",
    );
    expect(stacks[SECONDARY].data?.aws_secretsmanager_secret_version).toBeUndefined();
  });

  test("keys and token: ephemeral variables written write-only; an empty one fails the plan by name; only the explicit first pass leaves their releases out", () => {
    const firstPass = "${var.coder_first_pass ? 0 : 1}";
    for (const [stack, suffix] of [[PRIMARY, "us_east_1"], [SECONDARY, "us_west_2"]]) {
      const keyVariables = stack === PRIMARY ? [`provisioner_key_${suffix}`, `untagged_provisioner_key_${suffix}`] : [`provisioner_key_${suffix}`, `proxy_session_token_${suffix}`];
      // And the relay npm run deploy sets for the bastion's port forward (stacks/kubernetes-api-relay.ts).
      expect(Object.keys(stacks[stack].variable).sort()).toEqual(["coder_first_pass", `coder_secrets_revision_${suffix}`, `kubernetes_api_relay_${suffix}`, ...keyVariables].sort());
      expect(stacks[stack].variable.coder_first_pass).toEqual(expect.objectContaining({ type: "bool", default: false, nullable: false }));
      for (const name of keyVariables) {
        // Ephemeral (Terraform 1.10+): kept in no plan file and no state.
        expect(stacks[stack].variable[name]).toMatchObject({ sensitive: true, ephemeral: true, default: "", type: "string", nullable: false });
        const secret = resources(stacks[stack], "kubernetes_secret_v1").find((s) => JSON.stringify(s.data_wo ?? {}).includes(`var.${name}`))!;
        expect(secret).toMatchObject({ count: firstPass, data_wo_revision: `\${var.coder_secrets_revision_${suffix}}` });
        expect(Object.values(secret.data_wo)).toEqual([`\${trimspace(var.${name})}`]);
        expect(secret.data).toBeUndefined();
        // Never counted on the value: an omitted key fails the plan naming its variable and store entry instead of removing what runs.
        const [precondition] = secret.lifecycle.precondition;
        expect(precondition.condition).toBe(`\${(length(trimspace(var.${name})) >= 1)}`);
        expect(precondition.error_message).toMatch(new RegExp(`^TF_VAR_${name} \\(the .*\\) is empty\\. npm run deploy reads it from the secret store entry coder-[a-z0-9-]+-coder-`));
        expect(precondition.error_message).toContain("npm run deploy -- --first-pass");
      }
      for (const release of releases(stack).filter((r) => r.chart === "coder-provisioner")) expect(release.count).toBe(firstPass);
      expect(JSON.stringify(stacks[stack])).not.toMatch(/nonsensitive|length\(var\.[a-z_]+\) >= 1\)\) \?/);
    }
    expect(proxy.count).toBe(firstPass);
    expect(coderd.count).toBeUndefined();
  });

  test("the bootstrap secrets' homes: empty Secrets Manager secrets in the infra stacks, each region's own, a key of their own, deleted at once on teardown", () => {
    for (const [infra, names] of [
      ["aws-us-east-1-infra", ["coder-us-east-1-coder-provisioner-key", "coder-us-east-1-coder-untagged-provisioner-key"]],
      ["aws-us-west-2-infra", ["coder-us-west-2-coder-provisioner-key", "coder-us-west-2-coder-proxy-token"]],
    ] as const) {
      const entries = resources(stacks[infra], "aws_secretsmanager_secret").filter((s) => s.name);
      expect(entries.map((s) => s.name)).toEqual(names);
      for (const entry of entries) {
        expect(entry).toMatchObject({ recovery_window_in_days: 0, kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.coder-bootstrap-secrets_key_/) });
      }
      // Terraform holds no value: no version for them.
      expect(resources(stacks[infra], "aws_secretsmanager_secret_version").filter((v) => /coder-bootstrap/.test(JSON.stringify(v)))).toEqual([]);
    }
  });

  test("no secret in plain text: every secret-bearing attribute is a reference, and nothing secret-looking is a literal", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      for (const secret of resources(stacks[stack], "kubernetes_secret_v1")) {
        for (const value of Object.values({ ...secret.data, ...secret.data_wo }) as string[]) expect(value).toMatch(/\$\{/);
      }
      const text = files[`stacks/${stack}/cdk.tf.json`];
      expect(text).not.toMatch(/"(token|password|psk|key)"\s*:\s*"(?!\$\{)[^"]{8,}"/i);
      for (const provider of [...stacks[stack].provider.kubernetes, ...stacks[stack].provider.helm]) {
        const config = provider.kubernetes ?? provider;
        expect(config.token).toBeUndefined();
        expect(config.client_key).toBeUndefined();
        expect(config.password).toBeUndefined();
      }
    }
  });

  test("no reference to an attribute of a counted resource without an index (Terraform refuses it at plan time)", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      const counted = Object.entries(stacks[stack].resource as Record<string, Record<string, TerraformJson>>).flatMap(([type, byName]) =>
        Object.entries(byName).filter(([, body]) => body.count !== undefined).map(([name]) => `${type}.${name}`),
      );
      expect(counted.length).toBeGreaterThan(0);
      const text = files[`stacks/${stack}/cdk.tf.json`];
      for (const address of counted) expect({ address, unindexed: text.includes(`\${${address}.`) }).toEqual({ address, unindexed: false });
    }
  });

  test("Kubernetes and Helm reach EKS with an exec token from `aws eks get-token`, endpoint and CA from the infra stack", () => {
    for (const [stack, region] of [[PRIMARY, "us-east-1"], [SECONDARY, "us-west-2"]]) {
      const [kubernetes] = stacks[stack].provider.kubernetes;
      expect(kubernetes.exec[0]).toMatchObject({ api_version: "client.authentication.k8s.io/v1beta1", command: "aws" });
      expect(kubernetes.exec[0].args.slice(0, 3)).toEqual(["eks", "get-token", "--cluster-name"]);
      expect(kubernetes.exec[0].args).toContain(region);
      // The bastion's relay when npm run deploy opened one (https://127.0.0.1:<port>), else the endpoint itself;
      // the certificate is checked against the endpoint's name either way.
      expect(kubernetes.host).toMatch(new RegExp(`^\\$\\{coalesce\\(var\\.kubernetes_api_relay_${region.replace(/-/g, "_")}, .*cross-stack-reference-input-aws-${region}-infra.*endpoint\\)\\}$`));
      expect(kubernetes.tls_server_name).toMatch(new RegExp(`^\\$\\{trimprefix\\(.*cross-stack-reference-input-aws-${region}-infra.*endpoint, "https://"\\)\\}$`));
      expect(kubernetes.cluster_ca_certificate).toMatch(/^\$\{base64decode\(/);
      const [helm] = stacks[stack].provider.helm;
      expect(helm.kubernetes.exec).toEqual(kubernetes.exec[0]);
    }
  });

  test("workspaces: a namespace whose Role the region's provisioners are bound to", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      const [role] = resources(stacks[stack], "kubernetes_role_v1");
      expect(role.metadata.namespace).toBe("coder-workspaces");
      expect(role.rule.flatMap((r: TerraformJson) => r.resources).sort()).toEqual(["deployments", "persistentvolumeclaims", "pods"]);
      const [binding] = resources(stacks[stack], "kubernetes_role_binding_v1");
      expect(binding.metadata.namespace).toBe("coder-workspaces");
      const sets = releases(stack).filter((r) => r.chart === "coder-provisioner");
      expect(binding.subject).toEqual(sets.map((r) => ({ kind: "ServiceAccount", name: r.name, namespace: "coder-provisioners" })));
      for (const release of sets) {
        expect(valuesOf(release).coder.serviceAccount).toMatchObject({ name: release.name, workspacePerms: false });
      }
    }
  });

  test("workspaces: default deny, DNS and the internet open, never the networks (the database) or instance metadata", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      const policies = resources(stacks[stack], "kubernetes_network_policy_v1");
      const deny = policies.find((p) => p.metadata.name === "default-deny")!;
      expect(deny.spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
      const egress = policies.find((p) => p.metadata.name === "workspace-egress")!;
      expect(egress.spec.policy_types).toEqual(["Egress"]);
      expect(egress.spec.ingress).toBeUndefined();
      const [dns, server, internet] = egress.spec.egress;
      expect(dns.ports).toEqual([{ protocol: "UDP", port: "53" }, { protocol: "TCP", port: "53" }]);
      // The region's coderd or proxy pods, by selector: inside the cluster their load balancer's address becomes the pod's.
      const instance = stack === PRIMARY ? "coder" : "coder-proxy";
      expect(server).toEqual({
        to: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "coder" } }, pod_selector: { match_labels: { "app.kubernetes.io/name": "coder", "app.kubernetes.io/instance": instance } } }],
        ports: [{ protocol: "TCP", port: "8443" }],
      });
      expect(internet.to[0].ip_block.cidr).toBe("0.0.0.0/0");
      // EKS: the own VPC, the service range (the VPC CNI's agent judges a ClusterIP before DNAT) and metadata; the other
      // region's VPC is not connected, so excepting it would do nothing.
      const own = stack === PRIMARY ? "10.0.0.0/16" : "10.1.0.0/16";
      expect(internet.to[0].ip_block.except).toEqual([own, "172.20.0.0/16", "169.254.0.0/16"]);
    }
  });

  test("workspaces: DNS only to kube-dns in kube-system; the Role binds by name, with only the verbs and API groups workspaces need; pods held to the baseline standard", () => {
    for (const stack of [PRIMARY, SECONDARY]) {
      const egress = resources(stacks[stack], "kubernetes_network_policy_v1").find((p) => p.metadata.name === "workspace-egress")!;
      expect(egress.spec.egress[0].to).toEqual([
        { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "kube-system" } }, pod_selector: { match_labels: { "k8s-app": "kube-dns" } } },
      ]);
      const [role] = resources(stacks[stack], "kubernetes_role_v1");
      expect(role.metadata.name).toBe("coder-workspace-manager");
      expect(role.rule.map((r: TerraformJson) => [r.api_groups, r.resources])).toEqual([
        [[""], ["pods", "persistentvolumeclaims"]],
        [["apps"], ["deployments"]],
      ]);
      for (const rule of role.rule) expect([...rule.verbs].sort()).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
      const [binding] = resources(stacks[stack], "kubernetes_role_binding_v1");
      expect(binding.metadata.name).toBe("coder-provisioner-workspaces");
      expect(binding.role_ref).toEqual({ api_group: "rbac.authorization.k8s.io", kind: "Role", name: "${kubernetes_role_v1.coder_workspaces_workspace-manager_4AED8D71.metadata[0].name}" });
      const namespace = resources(stacks[stack], "kubernetes_namespace_v1").find((n) => n.metadata.name === "coder-workspaces")!;
      expect(namespace.metadata.labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted" });
    }
  });

  test("the VPC CNI enforces network policies (off by default on EKS, so the policies above would be ignored)", () => {
    for (const infra of ["aws-us-east-1-infra", "aws-us-west-2-infra"]) {
      const cni = resources(stacks[infra], "aws_eks_addon").find((a) => a.addon_name === "vpc-cni")!;
      expect(JSON.parse(cni.configuration_values).enableNetworkPolicy).toBe("true");
    }
  });

  test("workspace homes: encrypted gp3 EBS volumes bound in the zone of the pod's node", () => {
    const [storageClass] = resources(stacks[PRIMARY], "kubernetes_storage_class_v1");
    expect(storageClass).toMatchObject({
      metadata: { name: WORKSPACE_STORAGE_CLASS },
      storage_provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true" },
      volume_binding_mode: "WaitForFirstConsumer",
    });
  });


  test.each([PRIMARY, SECONDARY])("%s matches its committed snapshot", (name) => {
    expect(files[`stacks/${name}/cdk.tf.json`]).toMatchSnapshot();
  });
});

describe("coderd and the proxy roll out one pod at a time (their pods fill their nodes; a surge pod would wait forever)", () => {
  const rendered = [
    "---",
    "# Source: coder/templates/service.yaml",
    "apiVersion: v1",
    "kind: Service",
    "metadata:",
    "  name: coder",
    "spec:",
    "  type: LoadBalancer",
    "---",
    "# Source: coder/templates/coder.yaml",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: coder",
    "spec:",
    "  replicas: 2",
    "  template:",
    "    spec:",
    "      containers: []",
    "",
  ].join("\n");
  const postrender = (input: string) => spawnSync(process.execPath, ["-e", ONE_AT_A_TIME_ROLLOUT_SCRIPT], { input, encoding: "utf8" });

  test("the script holds no Terraform template sequence (it is passed through the configuration as text)", () => {
    expect(ONE_AT_A_TIME_ROLLOUT_SCRIPT).not.toMatch(/[$%]\{/);
  });

  test("the script holds no backslash (HCL output would read an escape such as \\n inside it as a line break)", () => {
    expect(ONE_AT_A_TIME_ROLLOUT_SCRIPT).not.toContain("\\");
  });

  test("the post-renderer adds maxSurge 0 / maxUnavailable 1 to the Deployment and leaves the rest as it was", () => {
    const result = postrender(rendered);
    expect(result.status).toBe(0);
    const docs = result.stdout.split(/^---$/m).filter((d) => d.trim()).map((d) => parse(d));
    expect(docs[0]).toEqual({ apiVersion: "v1", kind: "Service", metadata: { name: "coder" }, spec: { type: "LoadBalancer" } });
    expect(docs[1].spec).toEqual({ strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }, replicas: 2, template: { spec: { containers: [] } } });
  });

  test("a Deployment that already has a strategy is an error, not a silent double key", () => {
    const result = postrender(rendered.replace("  replicas: 2", "  replicas: 2\n  strategy:\n    type: Recreate"));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/already sets a strategy/);
  });

  test("coderd and the proxy use it; the provisioners (many small pods) do not need it", () => {
    const { stacks } = synthDeployment();
    const all = Object.values(stacks).flatMap((s) => resources(s, "helm_release"));
    for (const release of all.filter((r) => r.chart === "coder")) {
      expect(release.postrender).toEqual({ binary_path: "node", args: ["-e", ONE_AT_A_TIME_ROLLOUT_SCRIPT] });
    }
    for (const release of all.filter((r) => r.chart === "coder-provisioner")) expect(release.postrender).toBeUndefined();
  });
});

describe("every release's values use only keys its pinned chart reads", () => {
  const fixtures = join(__dirname, "fixtures", "charts");
  /** Kubernetes objects the charts pass through whole (toYaml): any key of the object is the API's, not the chart's. */
  const PASS_THROUGH = new Set(["coder.affinity", "coder.resources", "coder.securityContext", "coder.podSecurityContext"]);

  function unknownKeys(values: unknown, chart: unknown, path: string[] = []): string[] {
    if (values === null || typeof values !== "object" || Array.isArray(values)) return [];
    if (PASS_THROUGH.has(path.join("."))) return [];
    // An empty map, list or null default is free-form (env, nodeSelector, annotations, tags).
    if (chart === null || (typeof chart === "object" && Object.keys(chart as object).length === 0) || Array.isArray(chart)) return [];
    return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) => {
      const declared = (chart as Record<string, unknown>)[key];
      if (!(key in (chart as object))) return [[...path, key].join(".")];
      return unknownKeys(value, declared, [...path, key]);
    });
  }

  const chartFor = (name: string) => parse(readFileSync(join(fixtures, `${name}-${CODER_VERSION}.values.yaml`), "utf8"));
  const { stacks } = synthDeployment();
  const releases = Object.values(stacks).flatMap((s) => resources(s, "helm_release"));

  test("a fixture exists for every chart at the pinned version", () => {
    // The add-on charts' fixtures are read by coder-tls.test.ts: cert-manager's schema, Reloader's values.
    expect(readdirSync(fixtures).sort()).toEqual([
      `cert-manager-${CERT_MANAGER_CHART.version}.values.schema.json`,
      `coder-${CODER_VERSION}.values.yaml`,
      `coder-provisioner-${CODER_VERSION}.values.yaml`,
      `reloader-${RELOADER_CHART.version}.values.yaml`,
    ]);
  });

  test.each(["coder", "coder-provisioner"])("%s releases", (chart) => {
    const ofChart = releases.filter((r) => r.chart === chart);
    expect(ofChart.length).toBeGreaterThan(0);
    for (const release of ofChart) {
      expect({ release: release.name, unknown: unknownKeys(literalHelmValues(release), chartFor(chart)) }).toEqual({ release: release.name, unknown: [] });
    }
  });

  test("a misspelled key is caught", () => {
    expect(unknownKeys({ coder: { replicaCont: 2, service: { anotations: {} } } }, chartFor("coder"))).toEqual(["coder.replicaCont", "coder.service.anotations"]);
  });
});

describe("the coder config block", () => {
  const issuesOf = (coder: unknown) => {
    try {
      validateConfig({ coder });
      return "";
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
  };

  test.each([
    [{ accessUrl: "http://coder.acme.io" }, /coder\.accessUrl: must be an https:\/\/ URL/],
    [{ accessUrl: "https://coder.acme.io/path" }, /coder\.accessUrl: must be an https:\/\/ URL/],
    [{ wildcardAccessUrl: "https://*.acme.io" }, /coder\.wildcardAccessUrl: must be a wildcard host such as \*\.coder\.example\.com/],
    [{ domain: "acme.io", accessUrl: "https://coder.acme.io", proxyAccessUrl: "https://coder.acme.io" }, /coder\.proxyAccessUrl: must differ from coder\.accessUrl/],
    [{ domain: "acme.io", wildcardAccessUrl: "*.coder.acme.dev" }, /coder\.wildcardAccessUrl: is outside coder\.domain \(acme\.io\)/],
    [{ tlsSecretName: "coder-tls" }, /coder\.tlsSecretName: was replaced by coder\.tls/],
    [{ enabeld: false }, /coder\.enabeld: unknown key/],
  ])("%j is refused with a message naming the field", (coder, message) => {
    expect(issuesOf(coder)).toMatch(message);
  });

  test("valid URLs pass, and the placeholder domain is a finding", () => {
    expect(issuesOf({ domain: "acme.io", accessUrl: "https://coder.acme.io", wildcardAccessUrl: "*--apps.acme.io" })).toBe("");
    expect(planOf().findings.map((f) => f.code)).toContain("coder-placeholder-domain");
    expect(planOf({ coder: { domain: "acme.io" } }).findings.map((f) => f.code)).not.toContain("coder-placeholder-domain");
  });

  test("--check's summary states the Coder layer's version, replicas and pod sizes, and each pool's capacity chain", () => {
    const summary = planSummary(planOf());
    expect(summary).toContain(
      "coder 2.34.9: coderd 2 x 3540m/14170Mi in us-east-1, 60 provisioners (50 region=us-east-1, 10 untagged) x 251m/1003Mi in us-east-1, " +
        "proxy 2 x 3540m/14170Mi in us-west-2, 60 provisioners (60 region=us-west-2) x 251m/1003Mi in us-west-2",
    );
    expect(summary).toContain(
      "    provisioner t3.2xlarge: 8000m/32768Mi -> 8000m/31730Mi -> 7910m/30737Mi -> 7730m/30617Mi (3 daemon pods) -> 7530m/30105Mi; holds 30 provisioners of 251m/1003Mi",
    );
    expect(summary).toContain("    coderd t3.xlarge: 4000m/16384Mi -> 4000m/15795Mi -> 3920m/14802Mi -> 3740m/14682Mi (3 daemon pods) -> 3540m/14170Mi; holds 1 coderd of 3540m/14170Mi");
    expect(summary).toContain("; holds 14 workspaces of 2048Mi");
    // Each pool once, the proxy included.
    expect(summary.match(/^ {4}\w+ [\w.]+: \d+m/gm)).toHaveLength(5);
    expect(planSummary(planOf({ coder: { enabled: false } }))).toContain("coder: left out (coder.enabled is false)");
  });

  test("enabled: false leaves the Coder stacks out", () => {
    const { stacks } = synthDeployment({ coder: { enabled: false } });
    expect(Object.keys(stacks).sort()).toEqual(["aws-us-east-1-addons", "aws-us-east-1-infra", "aws-us-west-2-addons", "aws-us-west-2-infra"]);
  });

  test("all provisioner nodes in the primary: 120 provisioners there, none in the secondary (which keeps its proxy)", () => {
    const { stacks } = synthDeployment({ regions: { primary: { workspaceNodes: 128, provisionerNodes: 4 } } });
    const charts = (stack: string) => resources(stacks[stack], "helm_release").map((r) => `${r.chart}:${r.chart === "coder-provisioner" ? literalHelmValues(r).coder.replicaCount : r.name}`);
    expect(charts(PRIMARY).sort()).toEqual(["coder-provisioner:10", "coder-provisioner:110", "coder:coder", "reloader:coder-reloader"]);
    expect(charts(SECONDARY).sort()).toEqual(["coder:coder-proxy", "reloader:coder-reloader"]);
    // The secondary's only bootstrap secret is the proxy's token.
    expect(stacks[SECONDARY].output.bootstrap_commands.value).toEqual([expect.stringMatching(/^coder wsproxy create --name us-west-2 /)]);
  });

  test("with an S3 backend each coder stack has its own state key and reads its infrastructure's", () => {
    const { stacks } = synthDeployment({ backend: { type: "s3", bucket: "acme-tfstate", region: "eu-west-1" } });
    expect(stacks[PRIMARY].terraform.backend.s3.key).toBe("coder-refarch/coder/aws-us-east-1-coder.tfstate");
    const remote = Object.values(stacks[PRIMARY].data.terraform_remote_state as Record<string, TerraformJson>).map((r) => r.config.key);
    expect(remote).toEqual(["coder-refarch/coder/aws-us-east-1-infra.tfstate"]);
  });

  test("Coder serves HTTPS itself from the coder-tls secret, in either TLS mode", () => {
    for (const tls of [{ mode: "acme" }, { mode: "pem" }]) {
      const { stacks } = synthDeployment({ coder: { domain: "acme.io", tls } });
      for (const stack of [PRIMARY, SECONDARY]) {
        const [server] = resources(stacks[stack], "helm_release").filter((r) => r.chart === "coder");
        expect(literalHelmValues(server).coder.tls).toEqual({ secretNames: ["coder-tls"] });
      }
    }
  });
});

describe("layering of the Coder layer", () => {
  const dir = join(ROOT, "lib", "coder");
  test.each(readdirSync(dir))("lib/coder/%s imports no cloud's code, only the contracts", (file) => {
    const text = readFileSync(join(dir, file), "utf8");
    expect(text).not.toMatch(/from "\.\.\/(aws|gcp|azure)\//);
    expect(text).not.toMatch(/@cdktf\/provider-(aws|google|azurerm)/);
  });
});
