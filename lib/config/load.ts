import { existsSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import { ConfigError } from "./errors";
import { DeploymentConfig } from "./schema";
import { validateConfig } from "./validate";

/** Environment variable naming the user's config file. */
export const CONFIG_ENV = "CODER_REFARCH_CONFIG";

/**
 * Reads and validates the deployment config: the file `path` names (JSON, or YAML for .yaml/.yml),
 * or the embedded default when there is none.
 *
 * @throws ConfigError for a missing or unreadable file, malformed JSON/YAML, or invalid fields
 */
export function loadConfig(path: string | undefined): DeploymentConfig {
  if (path === undefined || path === "") return validateConfig({});
  if (!existsSync(path)) {
    throw new ConfigError(path, [{ path: "", message: `config file not found (set by ${CONFIG_ENV})` }]);
  }
  const text = readFileSync(path, "utf8");
  return validateConfig(parseConfigText(text, path), path);
}

/** Parses config text by the file's extension; YAML is a superset of JSON, but JSON errors read better. */
export function parseConfigText(text: string, path: string): unknown {
  const yaml = [".yaml", ".yml"].includes(extname(path).toLowerCase());
  try {
    // Loaded only for YAML files: the JSON and default paths skip its start-up cost.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return yaml ? ((require("yaml") as typeof import("yaml")).parse(text, { uniqueKeys: true }) ?? {}) : JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(path, [{ path: "", message: `not valid ${yaml ? "YAML" : "JSON"}: ${reason}` }]);
  }
}
