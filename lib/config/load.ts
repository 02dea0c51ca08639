import { existsSync, readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { ConfigError } from "./errors";
import { DeploymentConfig } from "./schema";
import { validateConfig } from "./validate";

/** Environment variable naming the user's config file. */
export const CONFIG_ENV = "CODER_REFARCH_CONFIG";

/** What to do instead of an empty file, in every message about one. */
const FOR_THE_DEFAULT = `write {} in it for the embedded default deployment, or unset ${CONFIG_ENV}`;

/**
 * Reads and validates the deployment config: the file `path` names (JSON, or YAML for .yaml/.yml),
 * or the embedded default when there is none.
 *
 * @throws ConfigError for a missing, unreadable or empty file, malformed JSON/YAML, or invalid fields
 */
export function loadConfig(path: string | undefined): DeploymentConfig {
  if (path === undefined || path === "") return validateConfig({});
  if (!existsSync(path)) {
    throw new ConfigError(path, [{ path: "", message: `config file not found (set by ${CONFIG_ENV})` }]);
  }
  if (statSync(path).isDirectory()) {
    throw new ConfigError(path, [{ path: "", message: `is a directory; ${CONFIG_ENV} must name a JSON or YAML file` }]);
  }
  const text = readFileSync(path, "utf8");
  return validateConfig(parseConfigText(text, path), path);
}

/**
 * Parses config text by the file's extension; YAML is a superset of JSON, but JSON errors read
 * better. An empty file (or one holding only YAML comments) is an error in both forms: silently
 * deploying the default from a file that was meant to say something is worse than asking.
 */
export function parseConfigText(text: string, path: string): unknown {
  const yaml = [".yaml", ".yml"].includes(extname(path).toLowerCase());
  const form = yaml ? "YAML" : "JSON";
  let parsed: unknown;
  try {
    // Loaded only for YAML files: the JSON and default paths skip its start-up cost.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    parsed = yaml ? (require("yaml") as typeof import("yaml")).parse(text, { uniqueKeys: true }) : text.trim() === "" ? null : JSON.parse(text);
  } catch (error) {
    // YAML's message carries the line, column and a snippet with a caret: keep all of it.
    const reason = error instanceof Error ? error.message.trimEnd() : String(error);
    throw new ConfigError(path, [{ path: "", message: `not valid ${form}: ${reason}` }]);
  }
  if (parsed === null || parsed === undefined) {
    throw new ConfigError(path, [{ path: "", message: `the file holds no settings; ${FOR_THE_DEFAULT}` }]);
  }
  return parsed;
}
