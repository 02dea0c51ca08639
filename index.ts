/**
 * The package entry point for library users: everything under `lib/` (reference data, config, plan,
 * contracts, each cloud's constructs) plus the stacks that compose them, so an app of your own can
 * add the whole deployment (`addDeployment`) or build its own stacks from the constructs.
 */
export * from "./lib";
export { addDeployment, infraStackName } from "./stacks/deployment";
export { AwsRegionStack, AwsRegionStackProps } from "./stacks/aws-region-stack";
export { coderStackName } from "./stacks/deployment";
export { CoderRegionStack, CoderRegionStackProps, CoderConnection, coderVariableNames } from "./stacks/coder-region-stack";
export { awsCoderConnection } from "./stacks/aws-coder-connection";
