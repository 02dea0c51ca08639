import { Construct } from "constructs";
import { ITerraformDependable, TerraformLocal } from "cdktf";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { CoderIngressPlan, CoderTlsPlan } from "../plan/coder-plan";

/** Name of the ClusterIssuer every cluster's Certificate asks. */
export const ACME_ISSUER = "coder-acme";

/** How long a plan waits for a certificate: DNS-01 waits for the TXT record to propagate, usually a few minutes. */
export const CERTIFICATE_WAIT = "20m";

export interface CoderCertificateProps {
  readonly tls: CoderTlsPlan;
  readonly ingress: CoderIngressPlan;
  /** The namespace of coderd or the proxy, where the secret must be. */
  readonly namespace: string;
  /** The cloud's DNS-01 solver for the zone of the domain. */
  readonly dns01Solver: Readonly<Record<string, unknown>>;
  /** What must exist first (the namespace). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The ACME ClusterIssuer and the Certificate for the region's host and its wildcard, issued through
 * cert-manager with a DNS-01 challenge in the zone of the domain, renewed by cert-manager two thirds
 * into its life. Terraform waits until the Certificate is Ready, so the secret exists before the
 * Coder release that mounts it (the chart's TLS volume is not optional: without the secret the pods
 * would wait in ContainerCreating).
 */
export class CoderCertificate extends Construct {
  readonly issuer: Manifest;
  readonly certificate: Manifest;

  constructor(scope: Construct, id: string, props: CoderCertificateProps) {
    super(scope, id);
    const acme = props.tls.acme;
    if (props.tls.mode !== "acme" || !acme) throw new Error(`CoderCertificate ${id}: the plan's TLS mode is ${props.tls.mode}, not acme`);
    this.issuer = new Manifest(this, "issuer", {
      manifest: manifestObject(this, "issuer-manifest", {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: ACME_ISSUER },
        spec: {
          acme: {
            server: acme.server,
            ...(acme.email ? { email: acme.email } : {}),
            privateKeySecretRef: { name: `${ACME_ISSUER}-account` },
            solvers: [{ dns01: { ...props.dns01Solver } }],
          },
        },
      }),
      wait: { condition: [{ type: "Ready", status: "True" }] },
      dependsOn: props.dependsOn,
    });
    this.certificate = new Manifest(this, "certificate", {
      manifest: manifestObject(this, "certificate-manifest", {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: props.tls.secretName, namespace: props.namespace },
        spec: {
          secretName: props.tls.secretName,
          dnsNames: [...props.ingress.certificateNames],
          // Both stated: cert-manager 1.19+ defaults them on the server, which would show as a change on every plan.
          issuerRef: { name: ACME_ISSUER, kind: "ClusterIssuer", group: "cert-manager.io" },
          privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        },
      }),
      wait: { condition: [{ type: "Ready", status: "True" }] },
      timeouts: { create: CERTIFICATE_WAIT, update: CERTIFICATE_WAIT },
      dependsOn: [this.issuer, ...(props.dependsOn ?? [])],
    });
  }
}

/**
 * A Kubernetes object for `kubernetes_manifest`, held in a local. Given inline, cdktf 0.21 writes
 * the lists inside it as maps keyed "0", "1" in `synth --hcl` (the binding's `manifest` is a map of
 * any), which would send Kubernetes an object where it expects a list; a local keeps them lists in
 * both forms (__tests__/hcl-output.test.ts compares them).
 */
function manifestObject(scope: Construct, id: string, object: Record<string, unknown>): Record<string, unknown> {
  return new TerraformLocal(scope, id, object).expression as Record<string, unknown>;
}
