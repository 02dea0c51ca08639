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
  if (path === undefined) return validateConfig({});
  if (path === "") {
    // Set but empty, as a CI variable left blank: building the default deployment would act on another deployment than meant.
    throw new ConfigError(`(${CONFIG_ENV})`, [{ path: "", message: `${CONFIG_ENV} is set but empty: name a JSON or YAML config file, or unset it for the embedded default deployment` }]);
  }
  return validateConfig(parseConfigText(readConfigFile(path), path), path);
}

/** A config file's text, or a ConfigError saying what is wrong with the path (never a hang on a FIFO, never a stack trace). */
export function readConfigFile(path: string, read: (path: string, encoding: "utf8") => string = readFileSync): string {
  if (!existsSync(path)) {
    throw new ConfigError(path, [{ path: "", message: `config file not found (set by ${CONFIG_ENV})` }]);
  }
  const stat = statSync(path);
  if (stat.isDirectory()) {
    throw new ConfigError(path, [{ path: "", message: `is a directory; ${CONFIG_ENV} must name a JSON or YAML file` }]);
  }
  if (!stat.isFile()) {
    const kind = stat.isFIFO() ? "a named pipe" : stat.isSocket() ? "a socket" : stat.isCharacterDevice() || stat.isBlockDevice() ? "a device" : "not a regular file";
    throw new ConfigError(path, [{ path: "", message: `is ${kind}; ${CONFIG_ENV} must name a regular JSON or YAML file` }]);
  }
  try {
    return read(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const why = code === "EACCES" || code === "EPERM" ? "permission denied" : (error as Error).message;
    throw new ConfigError(path, [{ path: "", message: `cannot be read (${why}); check the file's permissions` }]);
  }
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
    // A byte-order mark (some Windows editors write one) is not JSON or YAML content.
    const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
    // Loaded only for YAML files: the JSON and default paths skip its start-up cost.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    parsed = yaml ? (require("yaml") as typeof import("yaml")).parse(body, { uniqueKeys: true }) : body.trim() === "" ? null : JSON.parse(body);
    if (!yaml && parsed !== null) refuseDuplicateKeys(body);
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

/**
 * JSON.parse keeps the last of two equal keys without a word, so `{"cloud": "gcp", ..., "cloud":
 * "aws"}` would quietly deploy to AWS. The text is read again as YAML (a superset of JSON) with
 * unique keys, which names the key and its line.
 */
function refuseDuplicateKeys(text: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseDocument } = require("yaml") as typeof import("yaml");
  const document = parseDocument(text, { uniqueKeys: true });
  const duplicate = document.errors.find((e) => e.code === "DUPLICATE_KEY");
  if (duplicate) throw new Error(duplicate.message.trimEnd());
}
