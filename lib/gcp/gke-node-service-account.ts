import { Construct } from "constructs";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { boundedName, SERVICE_ACCOUNT_ID_MAX } from "./names";

/**
 * What GKE nodes need and nothing more: write logs and metrics, read their own metadata
 * (the role GKE documents for node service accounts,
 * cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa),
 * and pull images from Artifact Registry. Workloads get their own identities through Workload
 * Identity, never the node's.
 */
export const GKE_NODE_ROLES = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"];

export interface GkeNodeServiceAccountProps {
  /** Base of the account ID; shortened with a hash to GCP's 30 characters when longer. */
  readonly name: string;
  /** Project the roles are granted in. */
  readonly projectId: string;
}

/**
 * The least-privilege service account a cluster's nodes run as, instead of the Compute Engine
 * default account (project Editor). The cluster's own `node_config` names it too, because GKE
 * creates the default pool with it before removing that pool.
 */
export class GkeNodeServiceAccount extends Construct {
  readonly account: ServiceAccount;
  readonly email: string;
  /** Grants the nodes need before they register; pools wait for them. */
  readonly grants: ProjectIamMember[];

  constructor(scope: Construct, id: string, props: GkeNodeServiceAccountProps) {
    super(scope, id);
    const accountId = boundedName(`${props.name}-nodes`, SERVICE_ACCOUNT_ID_MAX);
    this.account = new ServiceAccount(this, "account", {
      accountId,
      displayName: `GKE nodes of ${props.name}`,
    });
    this.email = this.account.email;
    this.grants = GKE_NODE_ROLES.map(
      (role) =>
        new ProjectIamMember(this, role.replace(/^roles\//, "").replace(/\./g, "-"), {
          project: props.projectId,
          role,
          member: this.account.member,
        }),
    );
  }
}
