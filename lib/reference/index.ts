export * from "./types";
export * from "./tier-2k";
export * from "./instance-catalog";
export * from "./allocatable";
export * from "./kubernetes-profiles";
export * from "./cloud-defaults";
export * from "./regions";
export * from "./azure-limits";
