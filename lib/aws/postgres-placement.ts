import { Construct } from "constructs";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { EncryptionKey } from "./encryption-key";

export const POSTGRES_PORT = 5432;

export interface PostgresPlacementProps {
  /** Name of the database instance these resources serve. */
  readonly identifier: string;
  readonly postgresVersion: string;
  readonly vpcId: string;
  /** Private subnets only: the database gets no route from the internet. */
  readonly subnetIds: string[];
  /** Security groups whose members may connect (the cluster's nodes); nothing else may. */
  readonly clientSecurityGroupIds: string[];
}

/**
 * Where a PostgreSQL instance lives and who may reach it, shared by the primary and its replica:
 * a KMS key, a private subnet group, a security group admitting only the given clients on 5432,
 * and a parameter group that refuses unencrypted connections.
 */
export class PostgresPlacement extends Construct {
  readonly key: EncryptionKey;
  readonly subnetGroupName: string;
  readonly securityGroupId: string;
  readonly parameterGroupName: string;

  constructor(scope: Construct, id: string, props: PostgresPlacementProps) {
    super(scope, id);
    if (props.clientSecurityGroupIds.length === 0) {
      throw new Error(`PostgresPlacement ${id}: clientSecurityGroupIds is empty; nothing could reach the database`);
    }
    this.key = new EncryptionKey(this, "key", {
      description: `Storage, snapshots, Performance Insights and the master secret of ${props.identifier}`,
      alias: `${props.identifier}`,
    });
    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: props.identifier,
      description: `Private subnets of ${props.identifier}`,
      subnetIds: props.subnetIds,
    });
    this.subnetGroupName = subnetGroup.name;

    // No egress rules: Terraform removes AWS's default allow-all, and PostgreSQL needs none.
    const securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.identifier}-postgres`,
      description: `PostgreSQL clients of ${props.identifier}`,
      vpcId: props.vpcId,
    });
    this.securityGroupId = securityGroup.id;
    props.clientSecurityGroupIds.forEach((client, i) => {
      new VpcSecurityGroupIngressRule(this, `client-${i}`, {
        securityGroupId: securityGroup.id,
        description: "PostgreSQL from cluster nodes",
        ipProtocol: "tcp",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        referencedSecurityGroupId: client,
      });
    });

    const parameters = new DbParameterGroup(this, "parameter-group", {
      name: props.identifier,
      family: `postgres${props.postgresVersion}`,
      description: `PostgreSQL ${props.postgresVersion} settings of ${props.identifier}`,
      parameter: [{ name: "rds.force_ssl", value: "1" }],
    });
    this.parameterGroupName = parameters.name;
  }
}
