import { Construct } from "constructs";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { CoderPlan, CoderProvisionerPlan } from "../plan/coder-plan";
import { CoderRelease } from "./coder-release";
import { GatedSecret } from "./gated-secret";
import { CODER_RELEASES, CODER_SECRETS, provisionerValues } from "./helm-values";

export interface CoderProvisionersProps {
  readonly coder: CoderPlan;
  readonly provisioners: CoderProvisionerPlan;
  /** Reference to the sensitive variable holding this region's key from `coder provisioner keys create`. */
  readonly provisionerKey: string;
  /** Revision of the write-only key secret; bump to write a rotated key. */
  readonly secretsRevision: number;
  /** Labels for the namespace. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A region's external provisioner daemons: a namespace of their own (never coderd's), the key
 * secret, and the `coder-provisioner` release with as many replicas as the region's provisioner
 * nodes carry, each sized to an equal share of a node. The key's tags route the region's builds here.
 */
export class CoderProvisioners extends Construct {
  readonly namespace: NamespaceV1;
  readonly release: CoderRelease;

  constructor(scope: Construct, id: string, props: CoderProvisionersProps) {
    super(scope, id);
    const { coder, provisioners } = props;
    const namespace = coder.namespaces.provisioners;
    if (namespace === coder.namespaces.server) {
      throw new Error(`CoderProvisioners ${id}: provisioners need a namespace of their own, not coderd's (${namespace})`);
    }
    this.namespace = new NamespaceV1(this, "namespace", { metadata: { name: namespace, labels: { ...props.labels } } });
    const key = new GatedSecret(this, "provisioner-key", {
      namespace,
      ...CODER_SECRETS.provisionerKey,
      value: props.provisionerKey,
      revision: props.secretsRevision,
      dependsOn: [this.namespace],
    });
    this.release = new CoderRelease(this, "provisioner", {
      coder,
      chart: "coder-provisioner",
      releaseName: CODER_RELEASES.provisioner,
      namespace,
      values: provisionerValues(coder, provisioners),
      dependsOn: [this.namespace, key.secret],
      // A rollout waits for running builds (the grace period) before old daemons go.
      timeoutSeconds: provisioners.terminationGracePeriodSeconds + 600,
    });
    this.release.release.count = key.count;
  }
}
