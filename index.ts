/**
 * The package entry point for library users: everything under `lib/` (reference data, config, plan,
 * contracts, policy rules, each cloud's constructs) plus the stacks that compose them, so an app of
 * your own can add the whole deployment (`addDeployment`) or build its own stacks from the constructs.
 */
export * from "./lib";
export { addDeployment, addonsStackName, coderStackName, infraStackName } from "./stacks/deployment";
export { AwsRegionStack, AwsRegionStackProps } from "./stacks/aws-region-stack";
export { AwsClusterAddonsStack, AwsClusterAddonsStackProps } from "./stacks/aws-cluster-addons-stack";
export { GcpRegionStack, GcpRegionStackProps } from "./stacks/gcp-region-stack";
export { AzureRegionStack, AzureRegionStackProps } from "./stacks/azure-region-stack";
export { CoderRegionStack, CoderRegionStackProps, CoderConnection, coderVariableNames } from "./stacks/coder-region-stack";
export { awsCoderConnection } from "./stacks/aws-coder-connection";
export { gcpCoderConnection } from "./stacks/gcp-coder-connection";
export { azureCoderConnection } from "./stacks/azure-coder-connection";
