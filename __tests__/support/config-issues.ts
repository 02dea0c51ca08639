import { ConfigError, validateConfig } from "../../lib/config";

/** The issues a config is rejected with; fails the test when it is accepted. */
export function issuesOf(raw: unknown, source = "coder.yaml"): ConfigError["issues"] {
  try {
    validateConfig(raw, source);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error("expected the config to be rejected");
}
