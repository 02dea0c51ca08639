/**
 * Kubernetes Pod Security Standards as this deployment applies them
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/, admission by namespace label:
 * https://kubernetes.io/docs/concepts/security/pod-security-admission/). Coder's own namespaces
 * enforce `restricted`: coderd, the proxy and the provisioners are non-root Go binaries that need no
 * capability. Workspaces enforce `baseline`, as templates may need more (and warn at `restricted`).
 */

export type PodSecurityLevel = "baseline" | "restricted";

/** The admission labels of a namespace: enforce `level`, and warn and audit at `restricted`. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    "pod-security.kubernetes.io/enforce": level,
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
  };
}

/**
 * A container's security context that `restricted` admits: non-root, no privilege escalation, every
 * capability dropped, the runtime's seccomp profile. The coder charts' default
 * (helm/coder/values.yaml `coder.securityContext`) has all but the dropped capabilities, so
 * `restricted` would refuse their pods without this; the user and group are the chart's (1000).
 */
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
} as const;
