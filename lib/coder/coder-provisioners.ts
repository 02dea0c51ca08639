import { Construct } from "constructs";
import { podSecurityLabels } from "./pod-security";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { CODER_RELEASES, CoderPlan, CoderRegionPlan } from "../plan/coder-plan";
import { BootstrapSecret } from "./bootstrap-secret";
import { CoderRelease } from "./coder-release";
import { provisionerValues } from "./helm-values";
import { apiServerEgress, coderServerEgress, DNS_EGRESS, internetEgress } from "./network-policy-rules";

export interface CoderProvisionersProps {
  readonly coder: CoderPlan;
  /** The region; its `provisioners` are built. */
  readonly region: CoderRegionPlan;
  /** References to the ephemeral variables holding each set's key, by the key's variable name. */
  readonly keys: Readonly<Record<string, string>>;
  /** Revision of the write-only key secrets; bump to write a rotated key. */
  readonly secretsRevision: number;
  /** `0` on the explicit first pass (no keys exist yet), else `1`. */
  readonly bootstrapCount: number;
  /** Labels for the namespace. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A region's external provisioner daemons: a namespace of their own (never coderd's), and per set
 * of daemons (the region's tagged set; in the primary also an untagged set for jobs without tags)
 * the key secret and a `coder-provisioner` release, every daemon sized to an equal share of a node.
 * The namespace denies all traffic but what a build needs: DNS, coderd, the Kubernetes API (the
 * templates manage workspace pods) and the internet (providers, modules, images). Inside the
 * networks only port 443, where the API's endpoints answer: never the database or instance metadata.
 */
export class CoderProvisioners extends Construct {
  readonly namespace: NamespaceV1;
  /** One per set, the region's tagged set first. */
  readonly releases: CoderRelease[];

  constructor(scope: Construct, id: string, props: CoderProvisionersProps) {
    super(scope, id);
    const { coder, region } = props;
    const provisioners = region.provisioners;
    if (!provisioners) throw new Error(`CoderProvisioners ${id}: the region ${region.region} has no provisioners in the plan`);
    const namespace = coder.namespaces.provisioners;
    if (namespace === coder.namespaces.server) {
      throw new Error(`CoderProvisioners ${id}: provisioners need a namespace of their own, not coderd's (${namespace})`);
    }
    this.namespace = new NamespaceV1(this, "namespace", { metadata: { name: namespace, labels: { ...props.labels, ...podSecurityLabels("restricted") } } });
    const dependsOn = [this.namespace];

    new NetworkPolicyV1(this, "default-deny", {
      metadata: { name: "default-deny", namespace },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      dependsOn,
    });
    new NetworkPolicyV1(this, "provisioner-egress", {
      metadata: { name: "provisioner-egress", namespace },
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          DNS_EGRESS,
          // In the primary, CODER_URL's load balancer address is turned into coderd's pod address inside the cluster.
          ...(region.server?.kind === "coderd" ? [coderServerEgress(region.server.releaseName)] : []),
          apiServerEgress(region.egress.apiServerCidrs),
          internetEgress(region.egress.deniedCidrs),
        ],
      },
      dependsOn,
    });

    this.releases = provisioners.sets.map((set) => {
      // The region's tagged set keeps the IDs it has always had: a changed ID replaces the release.
      const prefix = set.releaseName === CODER_RELEASES.provisioner ? "" : "untagged-";
      const key = new BootstrapSecret(this, `${prefix}provisioner-key`, {
        plans: [set.key],
        values: props.keys,
        revision: props.secretsRevision,
        count: props.bootstrapCount,
        dependsOn,
      });
      const release = new CoderRelease(this, `${prefix}provisioner`, {
        coder,
        chart: "coder-provisioner",
        releaseName: set.releaseName,
        namespace,
        values: provisionerValues(coder, provisioners, set),
        dependsOn: [this.namespace, key.secret],
        // A rollout waits for running builds (the grace period) before old daemons go.
        timeoutSeconds: provisioners.terminationGracePeriodSeconds + 600,
      });
      release.release.count = props.bootstrapCount;
      return release;
    });
  }
}
