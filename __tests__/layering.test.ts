import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Imports run downward (common <- reference <- config <- plan <- contracts <- terraform/report <-
 * cloud constructs <- stacks <- main.ts), and the cloud-neutral core loads neither cdktf nor a cloud.
 */
const ROOT = join(__dirname, "..");
const LAYERS: Readonly<Record<string, number>> = {
  "lib/common": 0,
  "lib/reference": 1,
  "lib/config": 2,
  "lib/plan": 3,
  "lib/contracts": 4,
  "lib/report": 5,
  "lib/terraform": 5,
  "lib/aws": 6,
  "lib/gcp": 6,
  "lib/azure": 6,
  "lib/coder": 7,
  stacks: 8,
};
const NEUTRAL = ["lib/common", "lib/reference", "lib/config", "lib/plan", "lib/contracts"];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

function layerOf(path: string): string | undefined {
  return Object.keys(LAYERS).find((layer) => path === layer || path.startsWith(`${layer}/`));
}

const files = Object.keys(LAYERS).flatMap((layer) => {
  try {
    return sourceFiles(layer);
  } catch {
    return []; // a cloud folder that does not exist yet
  }
});

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/(?:from|require\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

test.each(files)("%s imports only from its own or lower layers", (file) => {
  const own = layerOf(file)!;
  const upward = importsOf(file)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => relative(ROOT, join(ROOT, file, "..", spec)))
    .filter((target) => {
      const layer = layerOf(target);
      return layer !== undefined && layer !== own && LAYERS[layer] >= LAYERS[own];
    });
  expect(upward).toEqual([]);
});

test.each(files.filter((f) => NEUTRAL.includes(layerOf(f)!)))("%s (cloud-neutral core) loads neither cdktf nor a provider", (file) => {
  expect(importsOf(file).filter((spec) => /^(cdktf|constructs|@cdktf\/)/.test(spec))).toEqual([]);
});
