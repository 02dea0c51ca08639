import { Construct } from "constructs";
import { CertManagerIdentity, ICoderIngress } from "../contracts/coder-ingress";
import { CoderIngressPlan } from "../plan/coder-plan";
import { POOL_LABEL_KEY, PoolRole } from "../plan/pool-role";
import { CertManagerRole } from "./cert-manager-role";
import { EksCluster } from "./eks-cluster";
import { LoadBalancerAddresses } from "./load-balancer-addresses";
import { Route53Records } from "./route53-records";

export interface AwsCoderIngressProps {
  readonly cluster: EksCluster;
  /** The region's public subnets, in zone order. */
  readonly publicSubnetIds: readonly string[];
  /** The region's hosts and certificate names. */
  readonly ingress: CoderIngressPlan;
  readonly domain: string;
  /**
   * Route 53 public hosted zone of the domain.
   * @default the zone named after the domain, looked up when Terraform plans
   */
  readonly hostedZoneId?: string;
  /** Write the hosts' A records in the zone. */
  readonly manageDns: boolean;
  /** Issue certificates with ACME DNS-01 through the zone (needs manageDns). */
  readonly acme: boolean;
  /** Name of the addresses, e.g. `coder-us-east-1-coderd`. */
  readonly name: string;
  /** The node pool coderd or the proxy runs on (`coderd`, `proxy`): the NLB's only targets. */
  readonly serverPool: PoolRole;
}

/**
 * The public entry of a region's coderd or proxy on AWS: Elastic IPs the NLB takes, the A records of
 * its hosts in the domain's Route 53 zone, and cert-manager's IRSA role for ACME DNS-01 challenges
 * in that zone.
 */
export class AwsCoderIngress extends Construct implements ICoderIngress {
  readonly addressesOf: LoadBalancerAddresses;
  readonly records?: Route53Records;
  readonly certManagerRole?: CertManagerRole;
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  readonly addresses: readonly string[];
  readonly dns01Solver?: Readonly<Record<string, unknown>>;
  readonly certManagerIdentity?: CertManagerIdentity;

  constructor(scope: Construct, id: string, props: AwsCoderIngressProps) {
    super(scope, id);
    if (props.acme && !props.manageDns) throw new Error(`AwsCoderIngress ${id}: ACME DNS-01 needs the zone (manageDns)`);
    this.addressesOf = new LoadBalancerAddresses(this, "addresses", { publicSubnetIds: props.publicSubnetIds, name: props.name });
    this.addresses = this.addressesOf.publicIps;
    this.serviceAnnotations = {
      ...this.addressesOf.annotations(),
      // Only the server pool's nodes as targets, not every node of the cluster: a workspace node
      // scaled away never drops a connection, and the NLB never "fails open" to nodes without a
      // replica (cloud-provider-aws aws_loadbalancer.go filterTargetNodes; docs/service_controller.md,
      // "Valid for: ELB,NLB").
      "service.beta.kubernetes.io/aws-load-balancer-target-node-labels": `${POOL_LABEL_KEY}=${props.serverPool}`,
    };
    if (!props.manageDns) return;
    this.records = new Route53Records(this, "records", {
      domain: props.domain,
      zoneId: props.hostedZoneId,
      recordNames: props.ingress.recordNames,
      addresses: this.addresses,
    });
    if (!props.acme) return;
    this.certManagerRole = new CertManagerRole(this, "cert-manager-role", {
      cluster: props.cluster,
      hostedZoneArn: this.records.zoneArn,
      certificateNames: props.ingress.certificateNames,
    });
    // With the zone named, cert-manager never lists zones; with IRSA the region comes from the pod's environment.
    this.dns01Solver = { route53: { hostedZoneID: this.records.zoneId } };
    this.certManagerIdentity = { serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": this.certManagerRole.arn }, podLabels: {} };
  }
}
