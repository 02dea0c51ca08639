import { dayTwoFindings, quotaNeeds } from "../lib/plan/cloud-findings";
import { deployBlockers, supportBlockers } from "../lib/plan/deploy-blockers";
import { EKS_STANDARD_SUPPORT_END } from "../lib/reference/aws-eks";
import { validateConfig } from "../lib/config";
import { quotaShortfalls } from "../stacks/quota-checks";
import { CommandResult } from "../stacks/bootstrap-secret-stores";
import { onlyResource, planOf, resources, synthDeployment, TerraformJson } from "./support/synth";

/** Each cloud as its operators run it after the first deploy: upgrades, drains, quotas, rotations. */

const DOMAIN = { coder: { domain: "acme.dev" } };

describe("aws", () => {
  const { stacks } = synthDeployment({ ...DOMAIN, aws: { clusterAdminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admin"] } });
  const infra = [stacks["aws-us-east-1-infra"], stacks["aws-us-west-2-infra"]];

  // terraform-aws-eks issues 2968 and 3293: EKS makes the creator admin (bootstrapClusterCreatorAdminPermissions),
  // and an access entry of its own fails with 409 ResourceInUseException.
  test("an admin access entry for the identity that created the cluster stops the plan by name", () => {
    for (const json of infra) {
      const entry = onlyResource(json, "aws_eks_access_entry");
      const [creatorId, creator] = Object.entries(json.resource.terraform_data as Record<string, TerraformJson>)[0];
      // Who created the cluster, kept from the first apply: a later deployer is not mistaken for it.
      expect(creator).toMatchObject({ input: { arn: expect.stringMatching(/^\$\{data\.aws_iam_session_context\..*\.issuer_arn\}$/) }, lifecycle: { ignore_changes: ["input"] } });
      const [precondition] = entry.lifecycle.precondition;
      expect(precondition.condition).toBe(`\${(terraform_data.${creatorId}.output.arn != "arn:aws:iam::123456789012:role/platform-admin")}`);
      expect(precondition.error_message).toMatch(/^aws\.clusterAdminPrincipalArns lists arn:aws:iam::123456789012:role\/platform-admin, the identity that created the cluster: .*409 ResourceInUseException/);
      const [session] = Object.values(json.data.aws_iam_session_context as Record<string, TerraformJson>);
      expect(session.arn).toMatch(/^\$\{data\.aws_caller_identity\..*\.arn\}$/);
    }
  });

  // terraform-aws-eks issues 2514 and 1793: a tag change makes a new launch template version, and the groups follow it.
  test("a changed tag never replaces the nodes: the launch templates ignore their tag specifications", () => {
    for (const json of infra) {
      for (const template of resources(json, "aws_launch_template")) {
        expect(template.lifecycle).toEqual({ ignore_changes: ["tag_specifications"] });
        expect(template.tag_specifications.map((t: TerraformJson) => t.resource_type)).toEqual(["instance", "volume", "network-interface"]);
      }
    }
  });

  // cloud-provider-aws aws_loadbalancer.go filterTargetNodes: all listed labels must match; "Valid for: ELB,NLB".
  test("the NLB's targets are the server pool's nodes only", () => {
    for (const [stack, pool] of [["aws-us-east-1-coder", "coderd"], ["aws-us-west-2-coder", "proxy"]]) {
      const release = resources(stacks[stack], "helm_release").find((r) => r.chart === "coder")!;
      const annotations = JSON.parse(release.values[release.values.length - 1]).coder.service.annotations;
      expect(annotations["service.beta.kubernetes.io/aws-load-balancer-target-node-labels"]).toBe(`coder-refarch/pool=${pool}`);
    }
  });

  // cluster-autoscaler flags.go: balancing-label "disables all other comparison logic, and cannot be combined with
  // --balancing-ignore-label"; the built-in comparison also weighs memory within 1.5%, which per-zone groups miss.
  test("the autoscaler balances the workspace pool's zone groups by the pool label alone", () => {
    const release = resources(stacks["aws-us-east-1-addons"], "helm_release").find((r) => r.chart === "cluster-autoscaler")!;
    const args = JSON.parse(release.values[release.values.length - 1]).extraArgs;
    expect(args).toMatchObject({ "balance-similar-node-groups": true, "balancing-label": "coder-refarch/pool" });
    expect(args["balancing-ignore-label"]).toBeUndefined();
  });

  // RDS user guide: storage autoscaling needs a maximum 10% or more above the allocation (gp3 up to 65,536 GiB);
  // Enhanced Monitoring intervals 0, 1, 5, 10, 15, 30, 60 and a role for monitoring.rds.amazonaws.com.
  test("the database grows its disk up to twice the table's, and reports the OS every minute as its own role", () => {
    const db = resources(infra[0], "aws_db_instance")[0];
    expect(db).toMatchObject({ allocated_storage: 1024, max_allocated_storage: 2048, monitoring_interval: 60 });
    expect(db.max_allocated_storage).toBeGreaterThanOrEqual(db.allocated_storage * 1.1);
    const role = resources(infra[0], "aws_iam_role").find((r) => r.name === "coder-us-east-1-postgres-monitoring")!;
    const trust = JSON.parse(role.assume_role_policy).Statement[0];
    expect(trust.Principal).toEqual({ Service: "monitoring.rds.amazonaws.com" });
    expect(trust.Condition.ArnLike["aws:SourceArn"]).toMatch(/:rds:.*:db:coder-us-east-1-postgres$/);
    expect(db.monitoring_role_arn).toBe(`\${aws_iam_role.${Object.entries(infra[0].resource.aws_iam_role).find(([, r]) => r === role)![0]}.arn}`);
    expect(resources(infra[0], "aws_iam_role_policy_attachment").map((a) => a.policy_arn)).toContain("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
  });

  test("the day-two findings, with their numbers: standard support, pinned add-ons, the 15-minute drain, vCPUs", () => {
    const plan = planOf(DOMAIN);
    const before = dayTwoFindings(validateConfig(DOMAIN), [plan.primary, plan.secondary], new Date("2026-12-04T00:00:00Z"));
    expect(before.map((f) => `${f.severity} ${f.code}`)).toEqual(["info eks-standard-support", "info eks-addon-versions", "info eks-provisioner-drain", "info aws-vcpu-quota"]);
    expect(before[0].message).toMatch(/^Kubernetes 1\.35 leaves EKS standard support on 2027-03-27; with the clusters' upgrade policy STANDARD, EKS upgrades the control plane itself then/);
    // EKS: "If the Pods don't leave the node within 15 minutes ... the upgrade phase fails" (managed-node-update-behavior).
    expect(before[2].message).toMatch(/at most 15 minutes, but a provisioner may take 60 minutes/);
    // 2 x t3.large + 2 x t3.xlarge + 2 x t3.2xlarge + 64 x t3.2xlarge.
    expect(before[3].message).toMatch(/us-east-1 540 and us-west-2 540 vCPUs/);
    const after = dayTwoFindings(validateConfig(DOMAIN), [plan.primary, plan.secondary], new Date("2027-03-27T00:00:00Z"));
    expect(after[0]).toMatchObject({ severity: "warning", message: expect.stringMatching(/^Kubernetes 1\.35 left EKS standard support on 2027-03-27/) });
  });

  test("a deploy of a minor past standard support is refused: EKS would have upgraded it", () => {
    const plan = planOf(DOMAIN);
    expect(supportBlockers(plan, new Date("2027-03-26T23:00:00Z"))).toEqual([]);
    expect(supportBlockers(plan, new Date("2027-03-27T00:00:00Z"))).toEqual([expect.stringMatching(/^kubernetes\.version 1\.35 left EKS standard support on 2027-03-27/)]);
    expect(deployBlockers(planOf({ ...DOMAIN, kubernetes: { version: "1.34" } }), new Date("2026-12-04T00:00:00Z"))).toEqual([
      expect.stringMatching(/^kubernetes\.version 1\.34 left EKS standard support on 2026-12-02/),
    ]);
    for (const end of Object.values(EKS_STANDARD_SUPPORT_END)) expect(end).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(supportBlockers(planOf({ cloud: "gcp" }), new Date("2030-01-01T00:00:00Z"))).toEqual([]);
  });
});

describe("quotas, against what the pools need at full scale", () => {
  const answer = (stdout: string): CommandResult => ({ status: 0, stdout, stderr: "" });

  test("aws: Service Quotas per code; a shortfall names the quota, the limit and the need", () => {
    const plan = planOf(DOMAIN);
    expect(quotaNeeds("aws", plan.primary, true)).toEqual([
      { quota: "L-1216C47A", description: "Running On-Demand Standard instances (vCPUs)", need: 540 },
      { quota: "L-0263D0A3", description: "EC2-VPC Elastic IPs", need: 5 },
    ]);
    const asked: string[][] = [];
    const lines = quotaShortfalls(plan, (command) => {
      asked.push([...command]);
      return answer(command.includes("L-1216C47A") ? "512.0\n" : "5.0\n");
    });
    expect(asked[0]).toEqual(["aws", "service-quotas", "get-service-quota", "--region", "us-east-1", "--service-code", "ec2", "--quota-code", "L-1216C47A", "--query", "Quota.Value", "--output", "text"]);
    expect(lines).toEqual([
      "us-east-1: Running On-Demand Standard instances (vCPUs) is 512, and the pools need up to 540 at full scale: ask for more before they grow",
      "us-west-2: Running On-Demand Standard instances (vCPUs) is 512, and the pools need up to 540 at full scale: ask for more before they grow",
    ]);
  });

  test("gcp: one regions describe per region, by metric; Balanced PD counts as SSD_TOTAL_GB", () => {
    const plan = planOf({ cloud: "gcp", gcp: { project: "acme-coder-prod" } });
    const needs = Object.fromEntries(quotaNeeds("gcp", plan.primary, true).map((q) => [q.quota, q.need]));
    expect(needs).toEqual({ CPUS: 12, T2D_CPUS: 528, SSD_TOTAL_GB: 27280, IN_USE_ADDRESSES: 6 });
    const quotas = { quotas: [{ metric: "CPUS", limit: 24 }, { metric: "T2D_CPUS", limit: 600 }, { metric: "SSD_TOTAL_GB", limit: 20480 }, { metric: "IN_USE_ADDRESSES", limit: 8 }] };
    let calls = 0;
    const lines = quotaShortfalls(plan, (command) => {
      calls++;
      expect(command).toEqual(["gcloud", "compute", "regions", "describe", expect.stringMatching(/^us-(east|west)1$/), "--project=acme-coder-prod", "--format=json"]);
      return answer(JSON.stringify(quotas));
    });
    expect(calls).toBe(2);
    expect(lines).toEqual([
      "us-east1: SSD_TOTAL_GB (Balanced Persistent Disk) is 20480, and the pools need up to 27280 at full scale: ask for more before they grow",
      "us-west1: SSD_TOTAL_GB (Balanced Persistent Disk) is 20480, and the pools need up to 27280 at full scale: ask for more before they grow",
    ]);
  });

  test("azure: vm list-usage per region, numbers as strings too; a missing CLI is said once and nothing else is asked", () => {
    const plan = planOf({ cloud: "azure" });
    const usage = [{ name: { value: "standardDSv3Family" }, limit: "350" }, { name: { value: "cores" }, limit: 1000 }];
    const lines = quotaShortfalls(plan, () => answer(JSON.stringify(usage)));
    expect(lines).toEqual([
      "eastus: Standard DSv3 Family vCPUs is 350, and the pools need up to 616 at full scale: ask for more before they grow",
      "westus2: Standard DSv3 Family vCPUs is 350, and the pools need up to 616 at full scale: ask for more before they grow",
    ]);
    let calls = 0;
    const missing = quotaShortfalls(plan, () => {
      calls++;
      return { status: null, stdout: "", stderr: "", error: new Error("spawnSync az ENOENT") };
    });
    expect(calls).toBe(1);
    expect(missing).toEqual(["quotas not compared: az could not be run (spawnSync az ENOENT); check them by hand (npm run check lists the needs)"]);
  });
});

describe("azure", () => {
  test("the NAT gateway's single zone is a finding with what a zone failure does", () => {
    const findings = planOf({ cloud: "azure" }).findings.map((f) => f.code);
    expect(findings).toContain("azure-nat-zone");
  });
});
