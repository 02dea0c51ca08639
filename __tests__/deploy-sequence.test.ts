import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { createServer, Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runnerBlockers } from "../lib/plan/deploy-blockers";
import { apiPaths, deployPhases, endpointAddress, freeLocalPort, relayCommand, selectStacks, tcpProblem, unreachableFix } from "../stacks/deploy-sequence";
import { planOf } from "./support/synth";

const ROOT = join(__dirname, "..");

describe("the deploy in two runs", () => {
  const plan = planOf({ coder: { domain: "acme.dev" } });
  const stacks = ["aws-us-east-1-infra", "aws-us-west-2-infra", "aws-us-east-1-addons", "aws-us-east-1-coder", "aws-us-west-2-addons", "aws-us-west-2-coder"];
  const dependencies = {
    "aws-us-west-2-infra": ["aws-us-east-1-infra"],
    "aws-us-east-1-addons": ["aws-us-east-1-infra"],
    "aws-us-east-1-coder": ["aws-us-east-1-addons", "aws-us-east-1-infra"],
    "aws-us-west-2-addons": ["aws-us-west-2-infra"],
    "aws-us-west-2-coder": ["aws-us-west-2-addons", "aws-us-west-2-infra"],
  };

  test("infrastructure first, then the Kubernetes stacks, each after what it depends on", () => {
    // Listed coder-first on purpose: the order comes from the dependencies, not the listing.
    const phases = deployPhases(plan, [...stacks].reverse(), dependencies);
    expect(phases.infra).toEqual(["aws-us-east-1-infra", "aws-us-west-2-infra"]);
    expect(phases.kubernetes).toEqual(["aws-us-west-2-addons", "aws-us-west-2-coder", "aws-us-east-1-addons", "aws-us-east-1-coder"]);
    expect(() => deployPhases(plan, ["a", "b"], { a: ["b"], b: ["a"] })).toThrow("stacks depend on each other in a cycle: a -> b -> a");
  });

  test("stack patterns select as cdktf's do", () => {
    expect(selectStacks(stacks, [])).toEqual(stacks);
    expect(selectStacks(stacks, ["*"])).toEqual(stacks);
    expect(selectStacks(stacks, ["*-coder"])).toEqual(["aws-us-east-1-coder", "aws-us-west-2-coder"]);
    expect(selectStacks(stacks, ["aws-us-east-1-infra"])).toEqual(["aws-us-east-1-infra"]);
    expect(selectStacks(stacks, ["aws-us-east-1.infra"])).toEqual([]);
  });

  test("AWS with a private API relays through each region's bastion; a public or in-VPC path connects directly", () => {
    expect(apiPaths(plan)).toEqual([
      { region: "us-east-1", infraStack: "aws-us-east-1-infra", relayVariable: "kubernetes_api_relay_us_east_1" },
      { region: "us-west-2", infraStack: "aws-us-west-2-infra", relayVariable: "kubernetes_api_relay_us_west_2" },
    ]);
    expect(apiPaths(planOf({ kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] } }))[0].relayVariable).toBeUndefined();
    expect(apiPaths(planOf({ aws: { privateApiCidrs: ["10.50.0.0/24"] } }))[0].relayVariable).toBeUndefined();
    expect(apiPaths(planOf({ cloud: "gcp" }))[0].relayVariable).toBeUndefined();
    // AWS Systems Manager's port forward to a remote host: the endpoint's name, 443, a local port.
    expect(relayCommand(apiPaths(plan)[0], "i-0123", "ABC.gr7.us-east-1.eks.amazonaws.com", 40123)).toEqual([
      "aws", "ssm", "start-session", "--region", "us-east-1", "--target", "i-0123",
      "--document-name", "AWS-StartPortForwardingSessionToRemoteHost",
      "--parameters", '{"host":["ABC.gr7.us-east-1.eks.amazonaws.com"],"portNumber":["443"],"localPortNumber":["40123"]}',
    ]);
    expect(endpointAddress("https://ABC.gr7.us-east-1.eks.amazonaws.com")).toEqual({ host: "abc.gr7.us-east-1.eks.amazonaws.com", port: 443 });
    expect(endpointAddress("10.0.0.2")).toEqual({ host: "10.0.0.2", port: 443 });
  });

  test("without a path to the private APIs the deploy refuses before anything, naming the fields", () => {
    expect(runnerBlockers(plan)).toEqual([]);
    expect(runnerBlockers(planOf({ aws: { bastion: false } }))).toEqual([expect.stringMatching(/^nothing reaches the private Kubernetes APIs: aws\.bastion is false and aws\.privateApiCidrs is empty\. .*kubernetes\.apiAllowedCidrs$/)]);
    expect(runnerBlockers(planOf({ aws: { bastion: false, privateApiCidrs: ["10.50.0.0/24"] } }))).toEqual([]);
    expect(runnerBlockers(planOf({ cloud: "azure" }))).toEqual([expect.stringMatching(/^the AKS API servers are private .*azure\.runnerConnected true .*kubernetes\.apiAllowedCidrs$/)]);
    expect(runnerBlockers(planOf({ cloud: "azure", azure: { runnerConnected: true } }))).toEqual([]);
    expect(runnerBlockers(planOf({ cloud: "azure", kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] } }))).toEqual([]);
    expect(runnerBlockers(planOf({ cloud: "gcp" }))).toEqual([]);
  });

  test("an API that does not answer is named with the fix for its path", async () => {
    const closed = await freeLocalPort();
    const problem = await tcpProblem("127.0.0.1", closed, 2000);
    expect(problem).toBe("ECONNREFUSED");
    const direct = planOf({ kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] } });
    expect(unreachableFix(direct, apiPaths(direct)[0], "https://x.eks.amazonaws.com", problem!)).toBe(
      "the Kubernetes API of us-east-1 (https://x.eks.amazonaws.com) does not answer from this machine (ECONNREFUSED): kubernetes.apiAllowedCidrs (203.0.113.0/24) must hold this machine's public address; add it and deploy again",
    );
    expect(unreachableFix(plan, apiPaths(plan)[1], "https://x", "no answer within 10 s")).toMatch(/through the Session Manager relay of aws-us-west-2-infra: install the Session Manager plugin/);
  });
});

describe("scripts/cdktf.js deploy with fake cdktf, terraform and aws CLIs", () => {
  const dir = mkdtempSync(join(tmpdir(), "coder-refarch-deploy-"));
  const bin = join(dir, "bin");
  const out = join(dir, "out");
  const log = join(dir, "cdktf.log");
  mkdirSync(bin);
  mkdirSync(out);
  // The fakes are shell scripts: the wrapper runs a dozen of them per deploy, and a node start each
  // would cost more than the rest of the test.
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  // cdktf: `synth` writes the manifest a real synth would; each call logs its command, arguments
  // and relay variables, one call per line, fields split by tabs, arguments by a unit separator.
  script(
    "cdktf",
    `cmd="$1"; shift
     prev=""; args=""
     for a in "$@"; do
       [ "$prev" = "--output" ] && out="$a"
       args="$args$(printf '\\037')$a"; prev="$a"
     done
     [ "$cmd" = synth ] && printf '%s' "$FAKE_MANIFEST" > "$out/manifest.json"
     relays=$(env | grep '^TF_VAR_kubernetes_api_relay' | sort | tr '\\n' ' ')
     printf '%s\\t%s\\t%s\\n' "$cmd" "$args" "$relays" >> ${JSON.stringify(log)}`,
  );
  // terraform: new enough; each infra stack's outputs point at the endpoint the test serves.
  script(
    "terraform",
    `[ "$1" = version ] && { echo '{"terraform_version": "1.11.4"}'; exit 0; }
     case " $* " in *" output "*) printf '{"cluster_endpoint": {"value": "%s"}, "bastion_instance_id": {"value": "i-0123"}}\\n' "$FAKE_ENDPOINT";; esac
     exit 0`,
  );
  // aws: every bootstrap secret exists, no quota is listed; Session Manager listens on the local
  // port it was given, as the plugin does (the one fake that needs node, for the socket).
  script(
    "aws",
    `[ "$1" = secretsmanager ] && { echo a-value; exit 0; }
     [ "$1" = ssm ] && exec ${JSON.stringify(process.execPath)} -e 'const a = process.argv.slice(1); const port = JSON.parse(a[a.indexOf("--parameters") + 1]).localPortNumber[0]; require("net").createServer((s) => s.end()).listen(Number(port), "127.0.0.1");' -- "$@"
     exit 0`,
  );
  const manifest = JSON.stringify({
    stacks: Object.fromEntries(
      ["aws-us-east-1-infra", "aws-us-west-2-infra", "aws-us-east-1-addons", "aws-us-east-1-coder", "aws-us-west-2-addons", "aws-us-west-2-coder"].map((name) => [
        name,
        { dependencies: name.endsWith("-infra") ? [] : [name.replace(/-(addons|coder)$/, "-infra"), ...(name.endsWith("-coder") ? [name.replace("-coder", "-addons")] : [])] },
      ]),
    ),
  });
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    // The wrapper reads the plan from dist/: build it when the sources are newer (what scripts/app.js does).
    await new Promise<void>((resolve, reject) => {
      const build = spawn(process.execPath, [join(ROOT, "scripts", "app.js"), "--help"], { cwd: ROOT, stdio: "ignore" });
      build.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`build ${code}`))));
    });
    server = createServer((s) => s.end()).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    port = (server.address() as { port: number }).port;
  }, 120_000);
  afterAll(() => server.close());

  const parseCall = (line: string) => {
    const [cmd, args, relays] = line.split("\t");
    return {
      cmd,
      args: args.split("\u001f").slice(1),
      relays: Object.fromEntries(relays.split(" ").filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)])),
    };
  };
  const deploy = (config: object, endpoint: string) =>
    new Promise<{ status: number | null; stderr: string; calls: { cmd: string; args: string[]; relays: Record<string, string> }[] }>((resolve) => {
      writeFileSync(log, "");
      const file = join(dir, "coder.json");
      writeFileSync(file, JSON.stringify(config));
      const child = spawn(process.execPath, [join(ROOT, "scripts", "cdktf.js"), "deploy", "*", "--auto-approve"], {
        cwd: ROOT,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, CDKTF_BINARY: join(bin, "cdktf"), CDKTF_OUTDIR: out, CODER_REFARCH_CONFIG: file, FAKE_MANIFEST: manifest, FAKE_ENDPOINT: endpoint },
      });
      let stderr = "";
      child.stderr.on("data", (c) => (stderr += c));
      child.on("exit", (status) => {
        const calls = existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean).map(parseCall) : [];
        resolve({ status, stderr, calls });
      });
    });

  test("the default AWS deployment: infrastructure, then a relay per region, then the Kubernetes stacks one at a time in order", async () => {
    const run = await deploy({ coder: { domain: "acme.dev" } }, "https://ABC.gr7.us-east-1.eks.amazonaws.com");
    expect(run.stderr).toMatch(/us-east-1: Kubernetes API through the Session Manager relay on 127\.0\.0\.1:\d+/);
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.cmd)).toEqual(["synth", "deploy", "deploy"]);
    const [, infra, kubernetes] = run.calls;
    // The deployment's own folder under cdktf's output folder (lib/terraform/output-folder.ts).
    const folder = join(out, "coder-aws");
    expect(infra.args).toEqual(["--skip-synth", "--output", folder, "--auto-approve", "aws-us-east-1-infra", "aws-us-west-2-infra"]);
    expect(infra.relays).toEqual({});
    expect(kubernetes.args).toEqual([
      "--skip-synth", "--output", folder, "--ignore-missing-stack-dependencies", "--parallelism", "1", "--auto-approve",
      "aws-us-east-1-addons", "aws-us-east-1-coder", "aws-us-west-2-addons", "aws-us-west-2-coder",
    ]);
    expect(Object.keys(kubernetes.relays).sort()).toEqual(["TF_VAR_kubernetes_api_relay_us_east_1", "TF_VAR_kubernetes_api_relay_us_west_2"]);
    for (const url of Object.values(kubernetes.relays)) expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  }, 60_000);

  test("a direct path that does not answer stops after the infrastructure, naming the fix; the Kubernetes stacks never start", async () => {
    const closed = `https://127.0.0.1:${await freeLocalPort()}`;
    const run = await deploy({ coder: { domain: "acme.dev" }, kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] } }, closed);
    expect(run.status).toBe(1);
    expect(run.calls.map((c) => c.cmd)).toEqual(["synth", "deploy"]);
    expect(run.stderr).toContain("coder-refarch: the infrastructure is deployed; the stacks that talk to Kubernetes were not:");
    expect(run.stderr).toMatch(/the Kubernetes API of us-east-1 \(https:\/\/127\.0\.0\.1:\d+\) does not answer from this machine \(ECONNREFUSED\): kubernetes\.apiAllowedCidrs \(203\.0\.113\.0\/24\) must hold this machine's public address/);
  }, 60_000);

  test("a direct path that answers goes straight on", async () => {
    const run = await deploy({ coder: { domain: "acme.dev" }, kubernetes: { apiAllowedCidrs: ["203.0.113.0/24"] } }, `https://127.0.0.1:${port}`);
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.cmd)).toEqual(["synth", "deploy", "deploy"]);
    expect(run.calls[2].relays).toEqual({});
  }, 60_000);
});
