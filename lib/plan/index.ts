export * from "./types";
export * from "./pool-role";
export * from "./cidr";
export * from "./split";
export * from "./network-layout";
export * from "./build-plan";
