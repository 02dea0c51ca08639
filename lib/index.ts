/**
 * coder-refarch as a library: the reference data, config and plan (no cloud code), and the AWS
 * constructs under `aws`. Stacks live in `stacks/`; compose your own from these pieces.
 */
export * from "./reference";
export * from "./config";
export * from "./plan";
export * as aws from "./aws";
export { configureBackend } from "./terraform/backend";
export { planSummary } from "./report/plan-summary";
