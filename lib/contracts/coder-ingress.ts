/**
 * What a region's infrastructure reserved for the public entry of its coderd or workspace proxy, and
 * how certificates for its hosts are issued there: the same shape on every cloud. The Coder layer
 * reads only this, never a cloud's construct classes. Values may be Terraform references into the
 * infrastructure stack's state.
 */
export interface ICoderIngress {
  /** Service annotations that put the load balancer on the reserved addresses. */
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  /** The reserved public addresses; the DNS records (or yours) point here. */
  readonly addresses: readonly string[];
  /** cert-manager's ACME DNS-01 solver for the zone of the domain (`spec.acme.solvers[].dns01`); absent without ACME. */
  readonly dns01Solver?: Readonly<Record<string, unknown>>;
  /** How cert-manager's pods take the cloud identity the solver acts as (workload identity); absent without ACME. */
  readonly certManagerIdentity?: CertManagerIdentity;
}

/** What the cert-manager release sets so its controller runs as the cloud identity allowed to change the zone. */
export interface CertManagerIdentity {
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Output of every cloud's infrastructure stack with the public addresses of its coderd or proxy. */
export const CODER_INGRESS_OUTPUT = "coder_ingress_addresses";

/** Where cert-manager runs and under which service account: the identity's trust names exactly this. */
export const CERT_MANAGER_NAMESPACE = "cert-manager";
export const CERT_MANAGER_SERVICE_ACCOUNT = "cert-manager";
