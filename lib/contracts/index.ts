export * from "./cluster";
export * from "./database";
