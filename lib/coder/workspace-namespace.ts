import { Construct } from "constructs";
import { podSecurityLabels } from "./pod-security";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { KubernetesAccess } from "../contracts/kubernetes-access";
import { CoderPlan, CoderRegionPlan } from "../plan/coder-plan";
import { coderServerEgress, DNS_EGRESS, internetEgress } from "./network-policy-rules";

/** StorageClass of workspace home volumes; the example template names it. */
export const WORKSPACE_STORAGE_CLASS = "coder-workspace-home";

/** Every verb on the resources a Kubernetes template manages (the chart's own workspace rules). */
const MANAGE = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export interface WorkspaceNamespaceProps {
  readonly coder: CoderPlan;
  /** The region: its coderd or proxy, provisioner sets and egress. */
  readonly region: CoderRegionPlan;
  readonly access: KubernetesAccess;
  /** Labels for the namespace. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Where a region's workspaces run: a namespace under the `baseline` Pod Security Standard, a Role
 * that lets the region's provisioners (which run the templates) manage pods, volumes and deployments
 * there and nowhere else, a default-deny network policy with only the openings a workspace needs
 * (DNS, the region's coderd or proxy pods by selector, the internet; never the networks, where the
 * database lives, nor instance metadata),
 * and a StorageClass whose volumes are created in the zone of the node that first mounts them
 * (`WaitForFirstConsumer`), so a workspace's home and its pod always share a zone.
 */
export class WorkspaceNamespace extends Construct {
  readonly namespace: NamespaceV1;
  readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: WorkspaceNamespaceProps) {
    super(scope, id);
    const { coder, region } = props;
    const name = coder.namespaces.workspaces;
    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: {
        name,
        labels: { ...props.labels, ...podSecurityLabels("baseline") },
      },
    });
    const dependsOn = [this.namespace];

    const role = new RoleV1(this, "workspace-manager", {
      metadata: { name: "coder-workspace-manager", namespace: name },
      rule: [
        { apiGroups: [""], resources: ["pods", "persistentvolumeclaims"], verbs: MANAGE },
        { apiGroups: ["apps"], resources: ["deployments"], verbs: MANAGE },
      ],
      dependsOn,
    });
    new RoleBindingV1(this, "provisioner-binding", {
      metadata: { name: "coder-provisioner-workspaces", namespace: name },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
      // Every provisioner set of the region runs templates, each under its release's account.
      subject: (region.provisioners?.sets ?? []).map((set) => ({ kind: "ServiceAccount", name: set.serviceAccount, namespace: coder.namespaces.provisioners })),
      dependsOn,
    });

    // Nothing in, nothing out, unless a policy below opens it.
    new NetworkPolicyV1(this, "default-deny", {
      metadata: { name: "default-deny", namespace: name },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      dependsOn,
    });
    // Workspace agents dial out: to coderd (its access URL; inside the primary's cluster the load
    // balancer's address becomes coderd's pod address before the policy judges it, so the pods are
    // allowed by selector) or the region's proxy, DERP relays, STUN, registries, Git. Nothing needs
    // to dial in.
    const server = region.server;
    new NetworkPolicyV1(this, "workspace-egress", {
      metadata: { name: "workspace-egress", namespace: name },
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          DNS_EGRESS,
          ...(server ? [coderServerEgress(server.releaseName)] : []),
          internetEgress(region.egress.deniedCidrs),
        ],
      },
      dependsOn,
    });

    this.storageClass = new StorageClassV1(this, "home-volumes", {
      metadata: { name: WORKSPACE_STORAGE_CLASS },
      storageProvisioner: props.access.zonalVolume.provisioner,
      parameters: { ...props.access.zonalVolume.parameters },
      volumeBindingMode: "WaitForFirstConsumer",
      reclaimPolicy: "Delete",
      allowVolumeExpansion: true,
    });
  }
}
