import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../main";

export interface MainRun {
  readonly code: number;
  readonly stderr: string;
  readonly stdout: string;
}

/** Runs the app as `node dist/main.js` would, capturing what it prints. */
export function runMain(args: string[], env: NodeJS.ProcessEnv, outdir: string): MainRun {
  let stderr = "";
  let stdout = "";
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    return { code: main(args, env, outdir), stderr, stdout };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

/** A scratch folder and a way to write config files into it, as a user would. */
export function configFolder(prefix: string): { dir: string; config: (name: string, text: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    config: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}
