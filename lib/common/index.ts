export * from "./cidr";
export * from "./split";
