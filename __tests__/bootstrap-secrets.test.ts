import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { bootstrapSecretInputs, certificateProblem, CommandResult, FIRST_PASS_ENV, keyPairProblem, resolveBootstrapSecrets } from "../stacks/bootstrap-secret-stores";
import { planOf } from "./support/synth";

const ROOT = join(__dirname, "..");

/** A secret store that holds `values` by entry name and answers the read commands the way the clouds' CLIs do. */
function store(values: Record<string, string>) {
  const asked: string[] = [];
  const run = (command: readonly string[]): CommandResult => {
    const name = command.find((arg) => Object.keys(values).some((v) => arg.includes(v)) || /coder-.*-(key|token)$/.test(arg)) ?? "";
    const entry = Object.keys(values).find((v) => name.includes(v));
    asked.push(command.join(" "));
    return entry ? { status: 0, stdout: `${values[entry]}\n`, stderr: "" } : { status: 254, stdout: "", stderr: "\nAn error occurred (ResourceNotFoundException): Secrets Manager can't find the specified secret.\n" };
  };
  return { run, asked };
}

describe("the bootstrap secrets a deployment needs, by cloud", () => {
  test("aws: two provisioner keys in the primary (tagged, untagged), a key and the proxy token in the secondary, each read from its region's Secrets Manager", () => {
    const inputs = bootstrapSecretInputs(planOf());
    expect(inputs.map((i) => [i.region, i.variable, i.storeName])).toEqual([
      ["us-east-1", "provisioner_key_us_east_1", "coder-us-east-1-coder-provisioner-key"],
      ["us-east-1", "untagged_provisioner_key_us_east_1", "coder-us-east-1-coder-untagged-provisioner-key"],
      ["us-west-2", "provisioner_key_us_west_2", "coder-us-west-2-coder-provisioner-key"],
      ["us-west-2", "proxy_session_token_us_west_2", "coder-us-west-2-coder-proxy-token"],
    ]);
    expect(inputs[2].readCommand).toEqual([
      "aws", "secretsmanager", "get-secret-value", "--region", "us-west-2", "--secret-id", "coder-us-west-2-coder-provisioner-key", "--query", "SecretString", "--output", "text",
    ]);
  });

  test("gcp: Secret Manager of the configured project; azure: each region's Key Vault", () => {
    const gcp = bootstrapSecretInputs(planOf({ cloud: "gcp", gcp: { project: "acme-coder-prod" } }));
    expect(gcp[0].readCommand).toEqual(["gcloud", "secrets", "versions", "access", "latest", "--secret=coder-us-east1-coder-provisioner-key", "--project=acme-coder-prod"]);
    const plan = planOf({ cloud: "azure" });
    const azure = bootstrapSecretInputs(plan);
    expect(azure[0].readCommand).toEqual(["az", "keyvault", "secret", "show", "--vault-name", plan.primary.azure!.keyVault, "--name", "coder-eastus-coder-provisioner-key", "--query", "value", "--output", "tsv"]);
    expect(azure[3].readCommand).toContain(plan.secondary.azure!.keyVault);
  });

  test("none when the Coder layer is left out", () => {
    expect(bootstrapSecretInputs(planOf({ coder: { enabled: false } }))).toEqual([]);
  });
});

describe("npm run deploy finds them before anything runs", () => {
  const inputs = bootstrapSecretInputs(planOf());
  const all = Object.fromEntries(inputs.map((i) => [i.storeName, `value-of-${i.variable}`]));

  test("every value found in the store becomes an ephemeral TF_VAR, trimmed", () => {
    const { run } = store(all);
    const resolved = resolveBootstrapSecrets(inputs, {}, false, run);
    expect(resolved.problems).toEqual([]);
    expect(resolved.env).toEqual(Object.fromEntries(inputs.map((i) => [`TF_VAR_${i.variable}`, `value-of-${i.variable}`])));
  });

  test("a value given in the environment wins, and its store is not asked", () => {
    const { run, asked } = store(all);
    const resolved = resolveBootstrapSecrets(inputs, { TF_VAR_provisioner_key_us_east_1: " from-ci " }, false, run);
    expect(resolved.env.TF_VAR_provisioner_key_us_east_1).toBe("from-ci");
    expect(asked.some((c) => c.includes("coder-us-east-1-coder-provisioner-key "))).toBe(false);
    expect(asked).toHaveLength(inputs.length - 1);
  });

  test("a missing one stops the deploy, naming the variable, the store entry, the store's answer and the command that makes it", () => {
    const rest = Object.fromEntries(Object.entries(all).filter(([name]) => name !== inputs[3].storeName));
    const resolved = resolveBootstrapSecrets(inputs, {}, false, store(rest).run);
    expect(resolved.problems).toEqual([
      "TF_VAR_proxy_session_token_us_west_2 (the session token of the us-west-2 workspace proxy) was not found in coder-us-west-2-coder-proxy-token: " +
        "An error occurred (ResourceNotFoundException): Secrets Manager can't find the specified secret. Once coderd runs, make it with " +
        "`coder wsproxy create --name us-west-2 --display-name us-west-2 --only-token | tail -n 1 | aws secretsmanager put-secret-value --region us-west-2 --secret-id coder-us-west-2-coder-proxy-token --secret-string file:///dev/stdin`; " +
        "on the very first deploy, before coderd exists, run npm run deploy -- --first-pass.",
    ]);
  });

  test("an empty entry is as missing as an absent one", () => {
    const resolved = resolveBootstrapSecrets(inputs, {}, false, store({ ...all, [inputs[0].storeName]: "  " }).run);
    expect(resolved.problems).toEqual([expect.stringMatching(/^TF_VAR_provisioner_key_us_east_1 .*: the entry is empty\. /)]);
  });

  test("a CLI that is not installed is named, with the way around it", () => {
    const missing = () => ({ status: null, stdout: "", stderr: "", error: new Error("spawnSync aws ENOENT") });
    const resolved = resolveBootstrapSecrets(inputs.slice(0, 1), {}, false, missing);
    expect(resolved.problems[0]).toMatch(/: aws could not be run \(spawnSync aws ENOENT\); install it, or set TF_VAR_provisioner_key_us_east_1\. /);
  });

  test("the first pass: nothing exists yet, and the deploy says so to Terraform", () => {
    expect(resolveBootstrapSecrets(inputs, {}, true, store({}).run)).toEqual({ env: { [FIRST_PASS_ENV]: "true" }, problems: [] });
  });

  test("a first pass once a key exists is refused: it would remove the provisioners and the proxy", () => {
    const resolved = resolveBootstrapSecrets(inputs, {}, true, store({ [inputs[0].storeName]: "k" }).run);
    expect(resolved.env).toEqual({});
    expect(resolved.problems).toEqual([
      "--first-pass, but the key of the us-east-1 provisioners already exists (coder-us-east-1-coder-provisioner-key): the bootstrap is done, " +
        "and a first pass would remove the provisioners and the proxy. Deploy without --first-pass.",
    ]);
  });
});

describe("your own certificate (coder.tls.mode pem), checked before anything is written", () => {
  // Self-signed test pairs: __tests__/fixtures/tls/README.md.
  const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", "tls", name), "utf8");
  const certificate = fixture("acme-dev.crt");
  const key = fixture("acme-dev.key");
  const plan = planOf({ coder: { domain: "acme.dev", tls: { mode: "pem" } } });
  const inputs = bootstrapSecretInputs(plan);
  const pem = inputs.filter((i) => i.neededOnFirstPass);
  const NOW = new Date("2026-12-04T00:00:00Z");

  test("each region has a certificate and a key in its store, needed on the first pass too, with the command that writes them", () => {
    expect(pem.map((i) => [i.region, i.variable, i.storeName])).toEqual([
      ["us-east-1", "tls_certificate_us_east_1", "coder-us-east-1-coder-tls-certificate"],
      ["us-east-1", "tls_private_key_us_east_1", "coder-us-east-1-coder-tls-private-key"],
      ["us-west-2", "tls_certificate_us_west_2", "coder-us-west-2-coder-tls-certificate"],
      ["us-west-2", "tls_private_key_us_west_2", "coder-us-west-2-coder-tls-private-key"],
    ]);
    expect(pem[0].certificateFor).toEqual(["coder.acme.dev", "*.coder.acme.dev"]);
    expect(pem[2].certificateFor).toEqual(["coder-proxy.acme.dev", "*.coder-proxy.acme.dev"]);
    expect(pem[1].privateKeyOf).toBe("tls_certificate_us_east_1");
    // The file is redirected in: the PEM never appears on a command line.
    expect(pem[0].bootstrapCommand).toBe("aws secretsmanager put-secret-value --region us-east-1 --secret-id coder-us-east-1-coder-tls-certificate --secret-string file:///dev/stdin < coder.acme.dev.crt");
    // ACME mode keeps no certificate in the stores.
    expect(bootstrapSecretInputs(planOf({ coder: { domain: "acme.dev" } })).filter((i) => i.neededOnFirstPass)).toEqual([]);
  });

  test("a pair that covers the hosts passes, on the first pass as well", () => {
    const values = Object.fromEntries(pem.map((i) => [i.storeName, i.variable.startsWith("tls_certificate") ? certificate : key]));
    const resolved = resolveBootstrapSecrets(pem, {}, true, store(values).run, NOW);
    expect(resolved.problems).toEqual([]);
    expect(resolved.env.TF_VAR_tls_certificate_us_west_2).toBe(certificate.trim());
    expect(resolved.env[FIRST_PASS_ENV]).toBe("true");
  });

  test("the certificate's names, its expiry and the key are each checked, naming the entry", () => {
    expect(certificateProblem(certificate, ["coder.acme.dev", "*.coder.acme.dev", "x.coder.acme.dev"], NOW)).toBeUndefined();
    expect(certificateProblem(fixture("coderd-only.crt"), ["coder.acme.dev", "*.coder.acme.dev"], NOW)).toBe("does not cover *.coder.acme.dev; its names: coder.acme.dev");
    // A wildcard covers one label only.
    expect(certificateProblem(certificate, ["a.b.coder.acme.dev"], NOW)).toMatch(/^does not cover a\.b\.coder\.acme\.dev/);
    expect(certificateProblem(certificate, ["coder.acme.dev"], new Date("2127-01-01T00:00:00Z"))).toBe("expired on 2126-11-10");
    expect(certificateProblem("not a pem", ["coder.acme.dev"], NOW)).toMatch(/^is not a PEM certificate \(/);
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(keyPairProblem(certificate, key)).toBeUndefined();
    expect(keyPairProblem(certificate, other)).toBe("is not the private key of the certificate beside it");
    expect(keyPairProblem(certificate, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")).toMatch(/^is not a PEM private key \(/);
    const values = Object.fromEntries(pem.map((i) => [i.storeName, i.variable.startsWith("tls_certificate") ? fixture("coderd-only.crt") : other]));
    const resolved = resolveBootstrapSecrets(pem.slice(0, 2), {}, false, store(values).run, NOW);
    expect(resolved.env).toEqual({});
    expect(resolved.problems).toEqual([
      "TF_VAR_tls_certificate_us_east_1 (the PEM certificate chain for coder.acme.dev and *.coder.acme.dev, from coder-us-east-1-coder-tls-certificate) does not cover *.coder.acme.dev; its names: coder.acme.dev",
    ]);
    const mismatched = resolveBootstrapSecrets(pem.slice(0, 2), {}, false, store({ ...values, [pem[0].storeName]: certificate }).run, NOW);
    expect(mismatched.problems).toEqual([
      "TF_VAR_tls_private_key_us_east_1 (the PEM private key for coder.acme.dev and *.coder.acme.dev, from coder-us-east-1-coder-tls-private-key) is not the private key of the certificate beside it",
    ]);
  });

  test("a missing certificate says to write it before deploying, with no first-pass hint", () => {
    const resolved = resolveBootstrapSecrets(pem.slice(0, 1), {}, true, store({}).run, NOW);
    expect(resolved.problems).toEqual([expect.stringMatching(/^TF_VAR_tls_certificate_us_east_1 .* was not found in coder-us-east-1-coder-tls-certificate: .*\. Write it before deploying with `aws secretsmanager put-secret-value .* < coder\.acme\.dev\.crt`\.$/)]);
  });
});

describe("scripts/cdktf.js deploy, as npm run deploy runs it", () => {
  // Fake terraform (new enough) and aws (no secret anywhere) on PATH; cdktf itself must never start.
  const bin = mkdtempSync(join(tmpdir(), "coder-refarch-bin-"));
  writeFileSync(join(bin, "terraform"), "#!/bin/sh\necho '{\"terraform_version\":\"1.11.4\"}'\n");
  writeFileSync(join(bin, "aws"), "#!/bin/sh\necho 'An error occurred (ResourceNotFoundException): no such secret' >&2\nexit 254\n");
  for (const name of ["terraform", "aws"]) chmodSync(join(bin, name), 0o755);
  const owned = join(bin, "coder.json");
  writeFileSync(owned, JSON.stringify({ coder: { domain: "acme.dev" } }));
  const base: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "CODER_REFARCH_CONFIG"));
  base.PATH = `${bin}:${process.env.PATH}`;
  const env: NodeJS.ProcessEnv = { ...base, CODER_REFARCH_CONFIG: owned };
  const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "scripts", "cdktf.js"), ...args], { cwd: ROOT, env, encoding: "utf8" });

  beforeAll(() => {
    // The wrapper reads the plan from dist/: build it when the sources are newer (what scripts/app.js does).
    expect(spawnSync(process.execPath, [join(ROOT, "scripts", "app.js"), "--help"], { cwd: ROOT, encoding: "utf8" }).status).toBe(0);
  }, 120_000);

  test("without the keys it stops before cdktf runs, listing each missing one", () => {
    const result = run("deploy", "*");
    expect(result.status).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("coder-refarch: nothing was deployed:");
    expect(lines.slice(1)).toHaveLength(4);
    for (const line of lines.slice(1)) expect(line).toMatch(/^coder-refarch: {3}- TF_VAR_[a-z_0-9]+ \(.*\) was not found in coder-us-(east-1|west-2)-coder-.*no such secret/);
    expect(result.stdout).toBe("");
  });

  test("the placeholder domain stops a deploy before the stores are read; a diff may still run", () => {
    const result = spawnSync(process.execPath, [join(ROOT, "scripts", "cdktf.js"), "deploy", "*"], { cwd: ROOT, env: base, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "coder-refarch: nothing was deployed:\n" +
        "coder-refarch:   - coder.domain is the placeholder example.com: set it to the domain of your DNS zone (coder.dns.manage true) or of the certificate you bring (coder.tls.mode pem), or set coder.enabled false to deploy the infrastructure alone\n",
    );
    // A diff passes the placeholder and stops only at the missing keys.
    const diff = spawnSync(process.execPath, [join(ROOT, "scripts", "cdktf.js"), "diff"], { cwd: ROOT, env: base, encoding: "utf8" });
    expect(diff.stderr).not.toContain("placeholder");
    expect(diff.stderr).toMatch(/TF_VAR_provisioner_key_us_east_1/);
  });

  test("--first-pass is for deploy only", () => {
    const result = run("diff", "--first-pass");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("coder-refarch: --first-pass applies to deploy only\n");
  });
});
