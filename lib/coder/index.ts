export * from "./helm-values";
export * from "./database-url";
export * from "./gated-secret";
export * from "./coder-release";
export * from "./coder-server";
export * from "./coder-provisioners";
export * from "./workspace-namespace";
export * from "./coder-region";
