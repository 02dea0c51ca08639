import { App } from "cdktf";
import { loadDeploymentPlan, unmatchedSuppressions } from "./stacks/load-deployment";
import { removeOtherFormat } from "./lib/terraform/output-folder";
import { ConfigError } from "./lib/config/errors";
import { checkAppPolicy, formatViolation, POLICY_RULES } from "./lib/policy/check";
import { impliedSuppressions } from "./lib/policy/implied-suppressions";
import { CONFIG_ENV } from "./lib/config/load";
import { planSummary } from "./lib/report/plan-summary";
import { withoutTokenStackTraces } from "./lib/terraform/token-stack-traces";
import { addDeployment } from "./stacks/deployment";

export const USAGE = `Usage: node dist/main.js [--check | --help]

Synthesizes Coder's reference architecture (2,000 users, two regions) into cdktf.out/.
The deployment config is the JSON or YAML file named by ${CONFIG_ENV}; without it, the embedded
default (AWS, us-east-1 and us-west-2) is used.

Options:
  --check   validate the config and print the plan and its findings; write nothing
  --help    print this text

Commands (npm run <name>):
  check     build, then --check
  synth     build, check, then cdktf synth (Terraform JSON in cdktf.out/)
  deploy    build, check, preflight, then cdktf deploy of every stack
  test      type-check, lint and the tests
`;

const FLAGS = ["--check", "--help", "-h"];

/**
 * The cdktf app: reads the deployment config (`CODER_REFARCH_CONFIG`, or the embedded default),
 * plans it and synthesizes its stacks. With `--check` it validates and prints the plan without
 * writing anything. A bad config ends with its problems listed and exit code 1, before any output
 * is written.
 */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv, outdir?: string): number {
  const unknown = argv.filter((arg) => !FLAGS.includes(arg));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown.map((a) => JSON.stringify(a)).join(", ")}; allowed: --check, --help\n`);
    return 2;
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  let plan;
  try {
    plan = loadDeploymentPlan(env[CONFIG_ENV]);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (argv.includes("--check")) {
    process.stdout.write(`${planSummary(plan)}\n`);
    return 0;
  }
  return withoutTokenStackTraces(() => {
    // Stack traces in construct metadata cost time on every resource and end up in no output we keep.
    const app = new App({ stackTraces: false, ...(outdir ? { outdir } : {}) });
    addDeployment(app, plan);
    const unmatched = unmatchedSuppressions(app, plan.policy.suppressions);
    if (unmatched.length > 0) {
      process.stderr.write(`${new ConfigError(env[CONFIG_ENV] || "(embedded default)", unmatched).message}\n`);
      return 1;
    }
    // The stacks' policy aspects would stop synth at the first failing stack, after earlier ones were
    // written; checking the whole app first keeps a violation from writing anything.
    const { violations } = checkAppPolicy(app, POLICY_RULES[plan.cloud], [...plan.policy.suppressions, ...impliedSuppressions(plan)]);
    if (violations.length > 0) {
      process.stderr.write(`Policy violations: ${violations.length}\n${violations.map((v) => `  - ${formatViolation(v)}`).join("\n")}\n`);
      return 1;
    }
    removeOtherFormat(app.outdir, ["true", "1"].includes(process.env.SYNTH_HCL_OUTPUT ?? ""));
    app.synth();
    return 0;
  });
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process.env);
}
