import { parse as parseYaml } from "yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { literalHelmValues } from "../lib/terraform/helm-values-documents";
import { RELOADER_CHART } from "../lib/reference/addon-charts";
import { chartValues } from "./support/chart-values";
import { planOf, resources, synthDeployment, TerraformJson } from "./support/synth";

/**
 * Pod Security (issue 20; CIS EKS/GKE/AKS 4.2.x / 5.2.x): Coder's own namespaces enforce the
 * `restricted` standard and the workspaces' `baseline`, and every pod the deployment puts in a
 * restricted namespace meets it, read from what Helm would render: the chart's default security
 * context (the pinned charts' values in fixtures/charts) under the deployment's values. A pod that
 * does not meet it would be refused at admission and the release would wait until its timeout.
 *
 * `restricted`, per https://kubernetes.io/docs/concepts/security/pod-security-standards/: non-root
 * (container or pod), allowPrivilegeEscalation false, capabilities dropping ALL and adding at most
 * NET_BIND_SERVICE, seccomp RuntimeDefault or Localhost (container or pod); `baseline` and its
 * volume rules hold for the charts' secret, emptyDir and projected volumes.
 */

const CLOUDS = ["aws", "gcp", "azure"] as const;
const LEVEL = "pod-security.kubernetes.io/enforce";

/* eslint-disable @typescript-eslint/no-explicit-any -- Helm values and security contexts are untyped */

/** Helm's merge of a chart's default map with the release's values: maps deep, anything else replaced. */
function merged(defaults: any, values: any): any {
  if (values === undefined) return defaults;
  if (defaults && values && typeof defaults === "object" && typeof values === "object" && !Array.isArray(defaults) && !Array.isArray(values)) {
    return Object.fromEntries([...new Set([...Object.keys(defaults), ...Object.keys(values)])].map((k) => [k, merged(defaults[k], values[k])]));
  }
  return values;
}

/** What `restricted` refuses in a container with its pod's context, as readable findings (none when admitted). */
function restrictedViolations(container: any = {}, pod: any = {}): string[] {
  const findings: string[] = [];
  if (!(container.runAsNonRoot === true || (pod.runAsNonRoot === true && container.runAsNonRoot !== false))) findings.push("runAsNonRoot is not true");
  if (container.runAsUser === 0 || pod.runAsUser === 0) findings.push("runAsUser 0");
  if (container.allowPrivilegeEscalation !== false) findings.push("allowPrivilegeEscalation is not false");
  if (!(container.capabilities?.drop ?? []).includes("ALL")) findings.push("capabilities.drop lacks ALL");
  const added = (container.capabilities?.add ?? []).filter((c: string) => c !== "NET_BIND_SERVICE");
  if (added.length > 0) findings.push(`capabilities.add ${added.join(",")}`);
  const seccomp = container.seccompProfile?.type ?? pod.seccompProfile?.type;
  if (!["RuntimeDefault", "Localhost"].includes(seccomp)) findings.push(`seccompProfile ${seccomp ?? "unset"}`);
  if (container.privileged) findings.push("privileged");
  return findings;
}

const reloaderDefaults = parseYaml(readFileSync(join(__dirname, "fixtures", "charts", `reloader-${RELOADER_CHART.version}.values.yaml`), "utf8"));

/** The container and pod security contexts a release's pods get, for the charts placed in Coder's namespaces. */
function podContexts(release: TerraformJson): { container: any; pod: any } {
  const values = literalHelmValues(release);
  if (release.chart === "coder" || release.chart === "coder-provisioner") {
    const defaults = (chartValues(release.chart) as any).coder;
    return { container: merged(defaults.securityContext, values.coder?.securityContext), pod: merged(defaults.podSecurityContext, values.coder?.podSecurityContext) };
  }
  if (release.chart === "reloader") {
    const defaults = reloaderDefaults.reloader.deployment;
    const container = merged(defaults.containerSecurityContext ?? {}, values.reloader?.deployment?.containerSecurityContext);
    const readOnly = values.reloader?.readOnlyRootFileSystem ?? reloaderDefaults.reloader.readOnlyRootFileSystem;
    return { container: readOnly ? { ...container, readOnlyRootFilesystem: true } : container, pod: merged(defaults.securityContext, values.reloader?.deployment?.securityContext) };
  }
  throw new Error(`no security context reader for chart ${release.chart}: read its templates and add one before placing it in a restricted namespace`);
}

describe.each(CLOUDS)("%s: Pod Security in Coder's namespaces", (cloud) => {
  const plan = planOf({ cloud });
  const { stacks } = synthDeployment({ cloud });
  const coderStacks = [plan.primary, plan.secondary].map((region) => stacks[`${region.stackPrefix}-coder`]);
  const namespaces = coderStacks.flatMap((json) => resources(json, "kubernetes_namespace_v1").map((n) => n.metadata));

  test("coder and coder-provisioners enforce restricted, the workspaces baseline; all warn and audit at restricted", () => {
    const levels = Object.fromEntries(namespaces.map((m) => [m.name, m.labels[LEVEL]]));
    expect(levels).toEqual({ [plan.coder.namespaces.server]: "restricted", [plan.coder.namespaces.provisioners]: "restricted", [plan.coder.namespaces.workspaces]: "baseline" });
    for (const { labels } of namespaces) {
      expect(labels["pod-security.kubernetes.io/warn"]).toBe("restricted");
      expect(labels["pod-security.kubernetes.io/audit"]).toBe("restricted");
    }
  });

  test("every release in a restricted namespace renders pods that restricted admits", () => {
    const restricted = new Set(namespaces.filter((m) => m.labels[LEVEL] === "restricted").map((m) => m.name));
    const releases = coderStacks.flatMap((json) => resources(json, "helm_release")).filter((r) => restricted.has(r.namespace));
    expect(new Set(releases.map((r) => r.chart))).toEqual(new Set(["coder", "coder-provisioner", "reloader"]));
    for (const release of releases) {
      const { container, pod } = podContexts(release);
      expect({ release: release.name, findings: restrictedViolations(container, pod) }).toEqual({ release: release.name, findings: [] });
    }
  });

  test("no other workload is placed in a restricted namespace outside Helm (each would need its own reading)", () => {
    const restricted = new Set(namespaces.filter((m) => m.labels[LEVEL] === "restricted").map((m) => m.name));
    const workloads = coderStacks.flatMap((json) =>
      Object.entries(json.resource ?? {})
        .filter(([type]) => /^kubernetes_(deployment|stateful_set|daemon_set|daemonset|job|cron_job|pod)(_v\d+)?$/.test(type))
        .flatMap(([, byName]) => Object.values<TerraformJson>(byName as Record<string, TerraformJson>)),
    );
    expect(workloads.filter((w) => restricted.has(w.metadata?.namespace))).toEqual([]);
  });
});

describe("the restricted check finds what admission refuses", () => {
  const admitted = { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };

  test("the coder charts' own default context is refused (no dropped capabilities), which is why the values set one", () => {
    expect(restrictedViolations((chartValues("coder") as any).coder.securityContext)).toEqual(["capabilities.drop lacks ALL"]);
    expect(restrictedViolations((chartValues("coder-provisioner") as any).coder.securityContext)).toEqual(["capabilities.drop lacks ALL"]);
  });

  test.each([
    ["root allowed", { ...admitted, runAsNonRoot: undefined }, "runAsNonRoot is not true"],
    ["escalation", { ...admitted, allowPrivilegeEscalation: true }, "allowPrivilegeEscalation is not false"],
    ["an added capability", { ...admitted, capabilities: { drop: ["ALL"], add: ["NET_ADMIN"] } }, "capabilities.add NET_ADMIN"],
    ["no seccomp", { ...admitted, seccompProfile: undefined }, "seccompProfile unset"],
  ])("%s", (_name, container, finding) => {
    expect(restrictedViolations(admitted)).toEqual([]);
    expect(restrictedViolations(container)).toEqual([finding]);
  });

  test("the pod's context counts for non-root and seccomp", () => {
    expect(restrictedViolations({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } }, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } })).toEqual([]);
  });
});
