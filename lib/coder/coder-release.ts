import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { CoderPlan } from "../plan/coder-plan";
import { advisoriesAffecting } from "../reference/coder-advisories";
import { helmValuesDocuments } from "../terraform/helm-values-documents";
import { HelmValues } from "./helm-values";
import { ONE_AT_A_TIME_ROLLOUT } from "./rollout-postrender";

export interface CoderReleaseProps {
  readonly coder: CoderPlan;
  /** `coder` or `coder-provisioner` from Coder's Helm repository. */
  readonly chart: "coder" | "coder-provisioner";
  readonly releaseName: string;
  readonly namespace: string;
  readonly values: HelmValues;
  /** What must exist first (namespace, secrets). */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Seconds Helm waits for the pods to become ready.
   * @default 900 (image pulls on fresh nodes, load balancer creation)
   */
  readonly timeoutSeconds?: number;
  /**
   * Replace pods one at a time (post-renderer) instead of surging: for releases whose pods fill
   * their nodes, where a surge pod never schedules.
   * @default false
   */
  readonly oneAtATime?: boolean;
}

/**
 * A release of one of Coder's charts at the plan's pinned version. Values are rendered as JSON
 * (valid YAML; indented, see jsonDocument), so what Helm reads is exactly the tested object. `atomic` rolls a failed upgrade
 * back instead of leaving a half-updated deployment.
 */
export class CoderRelease extends Construct {
  readonly release: Release;
  /** The values given to Helm, for tests and reports. */
  readonly values: HelmValues;

  constructor(scope: Construct, id: string, props: CoderReleaseProps) {
    super(scope, id);
    if (!/^\d+\.\d+\.\d+$/.test(props.coder.version)) {
      throw new Error(`CoderRelease ${id}: the chart version must be an exact Coder version such as 2.34.9 (no "v", no range), got ${props.coder.version}`);
    }
    const advisories = advisoriesAffecting(props.coder.version);
    if (advisories.length > 0) {
      throw new Error(
        `CoderRelease ${id}: Coder ${props.coder.version} is affected by ${advisories.map((a) => `${a.advisory.id} (fixed in ${a.fixedIn})`).join(", ")}`,
      );
    }
    this.values = props.values;
    this.release = new Release(this, "release", {
      name: props.releaseName,
      namespace: props.namespace,
      repository: props.coder.helmRepository,
      chart: props.chart,
      version: props.coder.version,
      values: helmValuesDocuments(props.values),
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: props.timeoutSeconds ?? 900,
      maxHistory: 10,
      postrender: props.oneAtATime ? ONE_AT_A_TIME_ROLLOUT : undefined,
      dependsOn: props.dependsOn,
    });
  }
}
