import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";
import { WORKSPACE_STORAGE_CLASS } from "../lib/coder/workspace-namespace";
import { POOL_LABEL_KEY } from "../lib/plan/pool-role";
import { terraformBinary } from "./support/terraform-mirror";
import { planOf, TerraformJson } from "./support/synth";

const DIR = join(__dirname, "..", "examples", "templates", "kubernetes-workspace");
const TEXT = readFileSync(join(DIR, "main.tf"), "utf8");

/** The example template as Terraform reads it (parsed with HashiCorp's HCL parser). */
describe("the example workspace template", () => {
  let hcl: TerraformJson;
  beforeAll(async () => {
    hcl = await parse("main.tf", TEXT);
  });
  const deployment = () => hcl.resource.kubernetes_deployment_v1.workspace[0];
  const podSpec = () => deployment().spec[0].template[0].spec[0];

  test("is formatted as terraform fmt writes it", () => {
    const fmt = spawnSync(terraformBinary(), ["fmt", "-check", "-diff", DIR], { encoding: "utf8" });
    if (fmt.error) throw new Error(`terraform is needed for this check: ${fmt.error.message}`);
    expect(fmt.stdout).toBe("");
    expect(fmt.status).toBe(0);
  });

  test("a one-replica Deployment, not a bare pod: a node upgrade or repair moves the workspace instead of losing it", () => {
    expect(hcl.resource.kubernetes_pod_v1).toBeUndefined();
    expect(deployment().count).toBe("${data.coder_workspace.me.start_count}");
    expect(deployment().spec[0].replicas).toBe(1);
    // The home is ReadWriteOnce: the old pod lets go of it before a new one starts.
    expect(deployment().spec[0].strategy).toEqual([{ type: "Recreate" }]);
  });

  test("the build does not wait for the rollout: a first start on a fresh autoscaled node would outlast it", () => {
    expect(deployment().wait_for_rollout).toBe(false);
    expect(hcl.resource.kubernetes_persistent_volume_claim_v1.home[0].wait_until_bound).toBe(false);
  });

  test("named by the workspace's ID: stable, unique, and within 63 characters with every suffix", () => {
    const [locals] = hcl.locals;
    expect(locals.name).toBe("coder-${data.coder_workspace.me.id}");
    const uuid = "00000000-0000-0000-0000-000000000000";
    const name = locals.name.replace("${data.coder_workspace.me.id}", uuid);
    expect(`${name}-home`.length).toBeLessThanOrEqual(63);
    expect(hcl.resource.kubernetes_persistent_volume_claim_v1.home[0].metadata[0].name).toBe("${local.name}-home");
    expect(deployment().metadata[0].name).toBe("${local.name}");
  });

  test("on the workspace pool, 2 GiB requested as the table assumes, home on the zonal StorageClass in the workspace namespace", () => {
    const plan = planOf();
    expect(plan.coder.primary.workspaceMemoryMib).toBe(2048);
    expect(podSpec().node_selector).toEqual({ [POOL_LABEL_KEY]: "workspace" });
    expect(podSpec().toleration[0]).toMatchObject({ key: POOL_LABEL_KEY, value: "workspace", effect: "NoSchedule" });
    expect(podSpec().container[0].resources[0].requests).toMatchObject({ memory: "2Gi" });
    expect(hcl.variable.storage_class[0].default).toBe(WORKSPACE_STORAGE_CLASS);
    expect(hcl.variable.namespace[0].default).toBe(plan.coder.namespaces.workspaces);
  });

  test("runs under the workspace namespace's baseline Pod Security standard: non-root, no privilege escalation", () => {
    expect(podSpec().security_context[0]).toMatchObject({ run_as_non_root: true, run_as_user: 1000 });
    expect(podSpec().container[0].security_context[0].allow_privilege_escalation).toBe(false);
    expect(TEXT).not.toMatch(/privileged\s*=\s*true|host_network|host_path/);
  });
});
