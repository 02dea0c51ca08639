export * from "./types";
export * from "./pool-role";
export * from "./network-layout";
export * from "./build-plan";
export * from "./regional-subnet-layout";
export * from "./zone-placement";
export * from "./vnet-layout";
export * from "./azure-names";
