export * from "./rule";
export * from "./check";
export * from "./aspect";
export { AWS_RULES } from "./rules/aws";
export { GCP_RULES } from "./rules/gcp";
export { AZURE_RULES } from "./rules/azure";
export { kubernetesRules } from "./rules/kubernetes";
