/**
 * coder-refarch as a library: the reference data, config and plan (no cloud code), the contracts
 * between layers, and each cloud's constructs under its own name. Stacks live in `stacks/`;
 * compose your own from these pieces.
 */
export * from "./common";
export * from "./reference";
export * from "./config";
export * from "./plan";
export * from "./contracts";
export * as aws from "./aws";
export * as gcp from "./gcp";
export * as azure from "./azure";
export * as coder from "./coder";
export * as policy from "./policy";
export { configureBackend } from "./terraform/backend";
export { addClusterOutputs, addDatabaseOutputs } from "./terraform/contract-outputs";
export { InputVariable } from "./terraform/input-variable";
export { jsonDocument } from "./terraform/json-document";
export { requireTerraformVersion } from "./terraform/required-version";
export { planSummary } from "./report/plan-summary";
