import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as ts from "typescript";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- scripts/build.js is plain CommonJS
const { TSC } = require("../scripts/build") as { TSC: string };

/**
 * The README's library route as a user follows it: `npm pack` of the built checkout, installed
 * into a project of their own beside the pinned cdktf, constructs and providers, then the README's
 * snippet, unchanged, type-checked against the package's declarations and run with node. The
 * registry is out of reach here, so the install is emulated: the tarball unpacked where npm would
 * put it and the package's dependencies linked from this checkout (the versions it pins, which the
 * README's install command names).
 */
const ROOT = join(__dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const section = README.slice(README.indexOf("## Use as a library"));
const snippet = /```ts\n([\s\S]*?)```/.exec(section)![1];
const install = /```sh\n([\s\S]*?)```/.exec(section)![1];
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const TARBALL = `${PACKAGE.name}-${PACKAGE.version}.tgz`;

/** The packages the snippet imports besides this one, by package name (`@cdktf/provider-aws/lib/provider` is `@cdktf/provider-aws`). */
function importedPackages(code: string): string[] {
  return [...code.matchAll(/from "([^".][^"]*)"/g)]
    .map((m) => m[1].split("/").slice(0, m[1].startsWith("@") ? 2 : 1).join("/"))
    .filter((name) => name !== PACKAGE.name);
}

describe("the README's library route: npm pack, install, the snippet", () => {
  const dir = mkdtempSync(join(tmpdir(), "coder-refarch-library-"));
  const project = join(dir, "project");
  const modules = join(project, "node_modules");
  let packed: { filename: string; files: Array<{ path: string }> };

  beforeAll(() => {
    // dist/ is current: __tests__/global-setup.js built it if needed, as `npm run build` does.
    const pack = spawnSync("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8" });
    if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
    [packed] = JSON.parse(pack.stdout);
    mkdirSync(modules, { recursive: true });
    const untar = spawnSync("tar", ["-xzf", join(dir, packed.filename), "-C", modules], { encoding: "utf8" });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
    renameSync(join(modules, "package"), join(modules, PACKAGE.name));
    // What `npm install <tarball> <pins>` puts beside it: the package's dependencies, and @types/node of the user's project.
    for (const name of [...Object.keys(PACKAGE.dependencies), "@types/node"]) {
      mkdirSync(dirname(join(modules, name)), { recursive: true });
      symlinkSync(join(ROOT, "node_modules", name), join(modules, name), "dir");
    }
    writeFileSync(join(project, "main.ts"), snippet);
  }, 120_000);

  test("the install commands build, pack and install the tarball with the package's own versions of what the snippet imports", () => {
    expect(packed.filename).toBe(TARBALL);
    // The tarball ships dist/ (package.json's main and types), which only the build writes.
    expect(install).toMatch(/npm run build && npm pack\b/);
    expect(install).toContain(`writes ${TARBALL}`);
    expect(PACKAGE).toMatchObject({ main: "dist/index.js", types: "dist/index.d.ts" });
    const add = install.split("\n").find((line) => line.startsWith("npm install "));
    expect(add).toContain(`/${TARBALL} `);
    // Exactly the pinned versions, so the app and the package share one cdktf (constructs from two copies do not mix).
    const wanted = [...new Set([...importedPackages(snippet), "constructs"])];
    expect(wanted).toEqual(expect.arrayContaining(["cdktf", "@cdktf/provider-aws"]));
    for (const name of wanted) expect(add).toContain(` ${name}@${PACKAGE.dependencies[name]}`);
  });

  test("the tarball holds the compiled library, its declarations and the config schema, and none of the checkout's development files", () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["package.json", "README.md", "dist/index.js", "dist/index.d.ts", "dist/main.js", "schema/coder-refarch.config.schema.json"]));
    expect(paths.filter((p) => !/^dist\/.*\.(js|d\.ts)$/.test(p) && !["package.json", "README.md", "LICENSE"].includes(p) && !p.startsWith("schema/"))).toEqual([]);
    // Every module the built entry point can reach is in it (a file missing from `files` fails here, not at a user's).
    const missing = paths.filter((p) => p.endsWith(".js")).flatMap((p) =>
      [...readFileSync(join(modules, PACKAGE.name, p), "utf8").matchAll(/require\("(\.[^"]+)"\)/g)]
        .map((m) => join(dirname(p), m[1]))
        .filter((target) => !paths.includes(`${target}.js`) && !paths.includes(join(target, "index.js"))),
    );
    expect(missing).toEqual([]);
  });

  test("imports from the package entry point what a library user needs", () => {
    expect(snippet).toMatch(/import \{ addDeployment, aws, buildPlan, validateConfig \} from "coder-refarch";/);
  });

  test("the snippet type-checks against the installed package's declarations, with the project's strict settings", () => {
    // The project's compiler (TypeScript 7, scripts/build.js) with the project's compiler options,
    // as a user's tsconfig would be; --listFiles says where each import was resolved from.
    const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8"));
    const options = { ...compilerOptions, noEmit: true, incremental: false, tsBuildInfoFile: undefined, types: ["node"] };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: options, files: ["main.ts"] }));
    const tsc = spawnSync(process.execPath, [TSC, "-p", project, "--listFiles", "--pretty", "false"], { cwd: project, encoding: "utf8" });
    const lines = tsc.stdout.split("\n").filter(Boolean);
    expect({ errors: lines.filter((l) => / error TS\d+/.test(l)), status: tsc.status }).toEqual({ errors: [], status: 0 });
    // Resolved from the installed package, not from this checkout's sources.
    expect(lines).toContain(join(modules, PACKAGE.name, "dist", "index.d.ts"));
    expect(lines.some((f) => f.startsWith(join(ROOT, "lib")))).toBe(false);
  });

  test("the snippet, run with node in the user's project, synthesizes the deployment's stacks and the user's own", () => {
    const js = ts.transpileModule(snippet, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    writeFileSync(join(project, "main.js"), js);
    const run = spawnSync(process.execPath, ["main.js"], { cwd: project, encoding: "utf8", env: { ...process.env, NODE_PATH: "" } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const stacks = readdirSync(join(project, "cdktf.out", "stacks")).sort();
    expect(stacks).toEqual([
      "acme-network-only",
      "aws-eu-central-1-addons",
      "aws-eu-central-1-coder",
      "aws-eu-central-1-infra",
      "aws-eu-west-1-addons",
      "aws-eu-west-1-coder",
      "aws-eu-west-1-infra",
    ]);
    const own = JSON.parse(readFileSync(join(project, "cdktf.out", "stacks", "acme-network-only", "cdk.tf.json"), "utf8"));
    expect(Object.keys(own.resource.aws_vpc)).toHaveLength(1);
    expect(existsSync(join(ROOT, "cdktf.out", "stacks", "acme-network-only"))).toBe(false);
  });
});
