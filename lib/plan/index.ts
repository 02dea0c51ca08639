export * from "./types";
export * from "./pool-role";
export * from "./network-layout";
export * from "./build-plan";
export * from "./pod-sizing";
export * from "./coder-plan";
