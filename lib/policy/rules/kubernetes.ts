import { Cloud } from "../../reference/types";
import { block, PolicyRule } from "../rule";

/** The ID prefix of each cloud's rules (AWS-RDS-001, GCP-SQL-001, AZ-PG-001). */
const PREFIX: Readonly<Record<Cloud, string>> = { aws: "AWS", gcp: "GCP", azure: "AZ" };

/** Pod Security levels that restrict anything (`privileged` and no label admit every pod). */
const ENFORCING_LEVELS = ["baseline", "restricted"];

/**
 * Rules on the Kubernetes layer (hashicorp/kubernetes attribute names), the same on every cluster;
 * each cloud's set carries them under its own prefix, so a suppression names the cloud.
 */
export function kubernetesRules(cloud: Cloud): readonly PolicyRule[] {
  return [
    {
      id: `${PREFIX[cloud]}-K8S-001`,
      cloud,
      type: "kubernetes_namespace_v1",
      title: "namespace enforces a Pod Security Standard",
      source: "Kubernetes Pod Security Admission (kubernetes.io/docs/concepts/security/pod-security-admission); CIS EKS 4.2, CIS GKE 4.2, CIS AKS 4.2",
      fix: 'label the namespace pod-security.kubernetes.io/enforce: "restricted" (or "baseline" where its pods need more)',
      check: (a) => {
        const level = block(a.metadata)?.labels?.["pod-security.kubernetes.io/enforce"];
        return ENFORCING_LEVELS.includes(level) ? undefined : `pod-security.kubernetes.io/enforce is ${level === undefined ? "unset (every pod admitted)" : `"${level}"`}`;
      },
    },
  ];
}
