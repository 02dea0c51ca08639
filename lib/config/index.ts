export * from "./errors";
export * from "./schema";
export * from "./validate";
export * from "./load";
export * from "./cloud-defaults";
