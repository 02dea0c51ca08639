import { literalHelmValues } from "../lib/terraform/helm-values-documents";
import { hardeningEnv } from "../lib/coder/helm-values";
import { CODER_HARDENING_DEFAULTS, CODER_HARDENING_LIMITS } from "../lib/reference/coder-hardening";
import { issuesOf } from "./support/config-issues";
import { planOf, resources, synthDeployment, TerraformJson } from "./support/synth";

/**
 * coderd's security settings (issue 20): on by default on every cloud, each a setting of config
 * coder.hardening, refused out of range. Option names and Coder's defaults: coder/coder
 * docs/reference/cli/server.md (lib/reference/coder-hardening.ts).
 */

const CLOUDS = ["aws", "gcp", "azure"] as const;

/** coderd's (or the proxy's) environment in a region's coder stack, by variable name. */
function serverEnv(stacks: Record<string, TerraformJson>, stackName: string): Record<string, string | undefined> {
  const release = resources(stacks[stackName], "helm_release").find((r) => r.chart === "coder")!;
  const env: Array<{ name: string; value?: string }> = literalHelmValues(release).coder.env;
  return Object.fromEntries(env.map((e) => [e.name, e.value]));
}

describe.each(CLOUDS)("%s: coderd's security settings", (cloud) => {
  const plan = planOf({ cloud });
  const { stacks } = synthDeployment({ cloud });
  const coderd = () => serverEnv(stacks, `${plan.primary.stackPrefix}-coder`);

  test("by default: Secure cookie, a year of HSTS, no path apps, 90-day tokens, telemetry off, each written explicitly", () => {
    expect(coderd()).toMatchObject({
      CODER_SECURE_AUTH_COOKIE: "true",
      // Coder's default is 0 (no header); it sends one only where it ends TLS itself, as here (coder.tls).
      CODER_STRICT_TRANSPORT_SECURITY: "31536000",
      CODER_DISABLE_PATH_APPS: "true",
      // Coder's default is 876600h: a token that outlives its owner's employment.
      CODER_MAX_TOKEN_LIFETIME: "2160h",
      // Coder's default is on; left unset it would be on.
      CODER_TELEMETRY_ENABLE: "false",
    });
    // With path apps off, every app needs the wildcard host, which every region has.
    expect(coderd().CODER_WILDCARD_ACCESS_URL).toMatch(/^\*\./);
  });

  test("the settings follow the config", () => {
    const config = { cloud, coder: { hardening: { maxTokenLifetimeHours: 24, strictTransportSecuritySeconds: 0, pathApps: true, telemetry: true } } };
    const custom = synthDeployment(config).stacks;
    expect(serverEnv(custom, `${planOf(config).primary.stackPrefix}-coder`)).toMatchObject({
      CODER_SECURE_AUTH_COOKIE: "true",
      CODER_STRICT_TRANSPORT_SECURITY: "0",
      CODER_DISABLE_PATH_APPS: "false",
      CODER_MAX_TOKEN_LIFETIME: "24h",
      CODER_TELEMETRY_ENABLE: "true",
    });
  });

  test("a setting is given once: neither the chart's env nor this list repeats a name", () => {
    const names = Object.keys(coderd());
    const release = resources(stacks[`${plan.primary.stackPrefix}-coder`], "helm_release").find((r) => r.chart === "coder")!;
    expect(literalHelmValues(release).coder.env).toHaveLength(names.length);
  });
});

describe("coder.hardening out of range is refused, naming the field and what is allowed", () => {
  test.each([
    ["maxTokenLifetimeHours", 0],
    ["maxTokenLifetimeHours", CODER_HARDENING_LIMITS.maxTokenLifetimeHours + 1],
    ["maxTokenLifetimeHours", 1.5],
    ["strictTransportSecuritySeconds", -1],
    ["strictTransportSecuritySeconds", CODER_HARDENING_LIMITS.strictTransportSecuritySeconds + 1],
  ])("%s: %p", (field, value) => {
    const issues = issuesOf({ coder: { hardening: { [field]: value } } });
    expect(issues.map((i) => i.path)).toEqual([`coder.hardening.${field}`]);
    expect(issues[0].message).toMatch(/integer|at least|at most|less than|greater than|or fewer|or more/i);
  });

  test("an unknown setting is refused (no silent typo)", () => {
    const [issue] = issuesOf({ coder: { hardening: { telemetryEnabled: false } } });
    expect(`${issue.path}: ${issue.message}`).toMatch(/telemetryEnabled.*allowed: .*telemetry/);
  });

  test("the defaults sit inside the limits", () => {
    expect(CODER_HARDENING_DEFAULTS.maxTokenLifetimeHours).toBeLessThanOrEqual(CODER_HARDENING_LIMITS.maxTokenLifetimeHours);
    expect(CODER_HARDENING_DEFAULTS.strictTransportSecuritySeconds).toBeLessThanOrEqual(CODER_HARDENING_LIMITS.strictTransportSecuritySeconds);
    expect(hardeningEnv({ ...CODER_HARDENING_DEFAULTS, pathApps: false, telemetry: false }).map((e) => e.name)).toHaveLength(5);
  });
});
