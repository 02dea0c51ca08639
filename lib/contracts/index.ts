export * from "./cluster";
export * from "./database";
export * from "./kubernetes-access";
export * from "./secret-store";
export * from "./coder-ingress";
