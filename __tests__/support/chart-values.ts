import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CODER_VERSION } from "../../lib/plan/coder-plan";

/** Kubernetes objects the charts pass through whole (toYaml): any key of the object is the API's, not the chart's. */
const PASS_THROUGH = new Set(["coder.affinity", "coder.resources", "coder.securityContext", "coder.podSecurityContext"]);

/** The pinned chart's values.yaml key set (`__tests__/fixtures/charts/`, with its source in the file). */
export function chartValues(chart: "coder" | "coder-provisioner"): unknown {
  return parse(readFileSync(join(__dirname, "..", "fixtures", "charts", `${chart}-${CODER_VERSION}.values.yaml`), "utf8"));
}

/** Paths of keys in `values` that the chart does not declare (free-form maps and lists excepted). */
export function unknownChartKeys(values: unknown, chart: unknown, path: string[] = []): string[] {
  if (values === null || typeof values !== "object" || Array.isArray(values)) return [];
  if (PASS_THROUGH.has(path.join("."))) return [];
  // An empty map, list or null default is free-form (env, nodeSelector, annotations, tags).
  if (chart === null || (typeof chart === "object" && Object.keys(chart as object).length === 0) || Array.isArray(chart)) return [];
  return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) => {
    if (!(key in (chart as object))) return [[...path, key].join(".")];
    return unknownChartKeys(value, (chart as Record<string, unknown>)[key], [...path, key]);
  });
}
