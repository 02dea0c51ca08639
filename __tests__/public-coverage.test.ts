import { coversTooMuch, MAX_PUBLIC_SHARE, publicShare } from "../lib/common/public-coverage";
import { POLICY_RULES } from "../lib/policy/check";
import { Cloud } from "../lib/reference/types";
import { validateConfig } from "../lib/config";
import { issuesOf } from "./support/config-issues";

/**
 * Who may reach the Kubernetes API (and 22/3389) is judged by what a list of ranges covers, not by
 * the literal 0.0.0.0/0: two /1s are the whole internet too (IANA special-purpose registry, RFC 6890,
 * for what is not public space).
 */
const HALVES = ["0.0.0.0/1", "128.0.0.0/1"];
/** 40 /8s of public space: each small beside the internet, together 18% of it. */
const MANY_EIGHTS = Array.from({ length: 40 }, (_, i) => `${i + 11}.0.0.0/8`);
/** 200 /24s: a large organization's offices, a sliver of the internet. */
const OFFICES = Array.from({ length: 200 }, (_, i) => `203.${i}.113.0/24`);

describe("the public share of a list of ranges", () => {
  test("the whole internet, however written; private space counts for nothing", () => {
    expect(publicShare(["0.0.0.0/0"])).toBe(1);
    expect(publicShare(HALVES)).toBe(1);
    expect(publicShare(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"])).toBe(0);
    expect(publicShare(["8.0.0.0/8", "8.0.0.0/9"])).toBe(publicShare(["8.0.0.0/8"]));
    expect(coversTooMuch(MANY_EIGHTS)).toBe(true);
    expect(coversTooMuch(OFFICES)).toBe(false);
    expect(coversTooMuch(["8.0.0.0/8"])).toBe(false);
    expect(MAX_PUBLIC_SHARE).toBe(0.01);
  });
});

describe.each(["aws", "gcp", "azure"] as Cloud[])("%s: a wide-open list is refused by the config and by the policy rules", (cloud) => {
  test.each([
    ["the /1 pair", HALVES],
    ["forty /8s", MANY_EIGHTS],
  ])("%s in kubernetes.apiAllowedCidrs is a config error naming the share", (_, cidrs) => {
    const issues = issuesOf({ cloud, kubernetes: { apiAllowedCidrs: cidrs } });
    expect(issues).toEqual([expect.objectContaining({ path: "kubernetes.apiAllowedCidrs", message: expect.stringMatching(/^together cover \d+\.\d% of the public IPv4 space, as open as \/0/) })]);
  });

  test("200 office /24s pass", () => {
    expect(() => validateConfig({ cloud, kubernetes: { apiAllowedCidrs: OFFICES } })).not.toThrow();
  });

  const rule = (id: string) => POLICY_RULES[cloud].find((r) => r.id === id)!;
  const context = {} as never;
  test("the API rule judges coverage, as it judges 0.0.0.0/0", () => {
    for (const [cidrs, open] of [[["0.0.0.0/0"], true], [HALVES, true], [MANY_EIGHTS, true], [OFFICES, false]] as const) {
      const list = [...cidrs];
      const verdict =
        cloud === "aws"
          ? rule("AWS-EKS-002").check({ vpc_config: [{ endpoint_public_access: true, public_access_cidrs: list }] }, context)
          : cloud === "gcp"
            ? rule("GCP-GKE-002").check({ master_authorized_networks_config: [{ cidr_blocks: list.map((c) => ({ cidr_block: c })) }] }, context)
            : rule("AZ-AKS-003").check({ private_cluster_enabled: false, api_server_access_profile: [{ authorized_ip_ranges: list }] }, context);
      expect({ cidrs: list.length, open: verdict !== undefined }).toEqual({ cidrs: list.length, open });
    }
    if (cloud === "aws") expect(rule("AWS-EKS-002").check({ vpc_config: [{ endpoint_public_access: true, public_access_cidrs: HALVES }] }, context)).toMatch(/0\.0\.0\.0\/1, 128\.0\.0\.0\/1 \(100\.0% of the public IPv4 space, over 1%\)/);
  });
});
