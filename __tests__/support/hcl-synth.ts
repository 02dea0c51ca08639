import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { App } from "cdktf";
import { addDeployment } from "../../stacks/deployment";
import { planOf, readTree } from "./synth";

/* eslint-disable @typescript-eslint/no-require-imports -- the CLI's formatter is loaded from where the CLI loads it */
/**
 * The formatter `cdktf synth --hcl` runs over every stack after the app wrote it
 * (@cdktf/cli-core synth-stack.js, formatHclFiles): `terraform fmt` compiled to WebAssembly. It is
 * resolved from cdktf-cli's own folder, so the test formats with exactly the copy the CLI uses.
 */
const { format } = require(require.resolve("@cdktf/hcl-tools", { paths: [dirname(require.resolve("cdktf-cli/package.json"))] })) as {
  format(contents: string): Promise<string>;
};

export interface HclDeployment {
  readonly outdir: string;
  /** Every file written, by path relative to the output folder, as text. */
  readonly files: Record<string, string>;
  /** The HCL (`cdk.tf`) of each stack, by stack name. */
  readonly stacks: Record<string, string>;
}

/**
 * Synthesizes a whole deployment as HCL the way `npm run synth:hcl` does, without spawning the CLI
 * (about 20 s per run on a loaded machine, against well under a second here): the CLI runs the app
 * with SYNTH_HCL_OUTPUT=true, which cdktf reads when the App and each TerraformStack are
 * constructed (cdktf 0.21 app.js, terraform-stack.js) and then writes `cdk.tf` instead of
 * `cdk.tf.json`; then the CLI formats each stack's file in place.
 */
export async function synthHclDeployment(raw: unknown = {}, outdir = mkdtempSync(join(tmpdir(), "coder-refarch-hcl-"))): Promise<HclDeployment> {
  const plan = planOf(raw);
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = "true";
  let app: App;
  try {
    app = new App({ outdir, stackTraces: false });
    addDeployment(app, plan);
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
  app.synth();
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
  for (const { synthesizedStackPath } of Object.values(manifest.stacks)) {
    const path = join(outdir, synthesizedStackPath);
    writeFileSync(path, await format(readFileSync(path, "utf8")));
  }
  const files = readTree(outdir);
  const stacks: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    const match = /^stacks\/([^/]+)\/cdk\.tf$/.exec(path);
    if (match) stacks[match[1]] = text;
  }
  return { outdir, files, stacks };
}
