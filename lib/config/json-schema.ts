import { zodToJsonSchema } from "zod-to-json-schema";
import { DeploymentConfigSchema } from "./schema";

/** Where the committed JSON Schema of the config lives, relative to the project root. */
export const CONFIG_JSON_SCHEMA_PATH = "schema/coder-refarch.config.schema.json";

/**
 * The config's JSON Schema for editors, generated from the very zod schema the app validates with
 * (by zod-to-json-schema, not by hand), so the two cannot drift. Inputs, not outputs: fields with
 * defaults are optional, as in a user's file.
 */
export function configJsonSchema(): object {
  // Typed loosely: matching the whole config type against the converter's generic one overflows TypeScript (TS2589).
  const convert = zodToJsonSchema as (schema: unknown, options: object) => object;
  return convert(DeploymentConfigSchema, {
    name: "CoderRefarchConfig",
    $refStrategy: "none",
    effectStrategy: "input",
    pipeStrategy: "input",
    target: "jsonSchema7",
  });
}
