import { overlaps, parseCidr } from "../lib/common/cidr";
import { KUBERNETES_PROFILES } from "../lib/reference/kubernetes-profiles";
import { CLOUDS, Cloud } from "../lib/reference/types";
import { planOf, resources, synthDeployment, TerraformJson } from "./support/synth";

/*
 * What the Coder layer's pods may reach, as the synthesized network policies say, on every cloud.
 * Inside the cluster, peers are chosen by selector: GKE Dataplane V2 and Azure CNI powered by Cilium
 * translate a Service's or load balancer's address into the backend pod's before the policy judges
 * it, and Cilium never matches cluster pods or nodes with an ipBlock (docs.cilium.io, policy
 * language, IP/CIDR based). Outside it, addresses.
 */

const within = (cidr: string, outer: string) => {
  const a = parseCidr(cidr)!;
  const b = parseCidr(outer)!;
  return b.prefix <= a.prefix && overlaps(a, b);
};

describe.each(CLOUDS)("%s: the Coder layer's network policies", (cloud: Cloud) => {
  const { stacks } = synthDeployment({ cloud });
  const plan = planOf({ cloud });
  const regions = [
    { infra: plan.primary, coder: plan.coder.primary, other: plan.secondary },
    { infra: plan.secondary, coder: plan.coder.secondary, other: plan.primary },
  ];
  const policies = (region: (typeof regions)[number], namespace: string) =>
    resources(stacks[`${region.infra.stackPrefix}-coder`], "kubernetes_network_policy_v1").filter((p) => p.metadata.namespace === namespace);
  const rules = (policy: TerraformJson) => policy.spec.egress as TerraformJson[];

  test.each(["coder-provisioners", "coder-workspaces"])("%s: everything denied in both directions but what a policy opens", (namespace) => {
    for (const region of regions) {
      const deny = policies(region, namespace).find((p) => p.metadata.name === "default-deny")!;
      expect(deny.spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
      // No policy opens ingress: nothing dials in to provisioners or workspaces.
      for (const policy of policies(region, namespace)) expect(policy.spec.ingress).toBeUndefined();
    }
  });

  test("provisioners: DNS, coderd by selector where it runs, the Kubernetes API on 443, the internet; in that order", () => {
    for (const region of regions) {
      const [egress] = policies(region, "coder-provisioners").filter((p) => p.metadata.name === "provisioner-egress");
      const [dns, ...rest] = rules(egress);
      expect(dns.to[0].pod_selector.match_labels).toEqual({ "k8s-app": "kube-dns" });
      const server = region.coder.server!.kind === "coderd" ? [rest.shift()!] : [];
      if (server.length > 0) {
        expect(server[0].to).toEqual([
          { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "coder" } }, pod_selector: { match_labels: { "app.kubernetes.io/name": "coder", "app.kubernetes.io/instance": "coder" } } },
        ]);
        // Coder always serves TLS now: the https access URL's 443 is the pods' 8443 (lib/coder/network-policy-rules.ts).
        expect(server[0].ports).toEqual([{ protocol: "TCP", port: "8443" }]);
      }
      const [api, internet] = rest;
      // The API at the `kubernetes` Service's ClusterIP (the service range's first address) and where its endpoints sit.
      expect(api.to.map((t: TerraformJson) => t.ip_block.cidr)).toEqual([region.coder.egress.apiServerCidrs[0], region.infra.network.cidr]);
      expect(api.to[0].ip_block.cidr).toMatch(/\.1\/32$/);
      expect(within(api.to[0].ip_block.cidr, region.infra.cluster.serviceCidr)).toBe(true);
      expect(api.ports).toEqual([{ protocol: "TCP", port: "443" }]);
      expect(internet).toEqual({ to: [{ ip_block: { cidr: "0.0.0.0/0", except: [...region.coder.egress.deniedCidrs] } }] });
    }
  });

  test("neither provisioners nor workspaces reach the database: its network is only open on 443, to provisioners", () => {
    for (const region of regions) {
      let excepting = 0;
      let openOn443 = 0;
      for (const namespace of ["coder-provisioners", "coder-workspaces"]) {
        for (const rule of policies(region, namespace).flatMap((p) => rules(p) ?? [])) {
          for (const peer of rule.to.filter((t: TerraformJson) => t.ip_block)) {
            const { cidr, except = [] } = peer.ip_block;
            if (!within(region.infra.network.cidr, cidr)) continue;
            // A block covering the region's network (where the database is) either carves it out, or opens only 443.
            if (except.some((e: string) => within(region.infra.network.cidr, e))) {
              excepting++;
            } else {
              expect({ namespace, cidr, ports: rule.ports }).toEqual({ namespace: "coder-provisioners", cidr, ports: [{ protocol: "TCP", port: "443" }] });
              openOn443++;
            }
          }
        }
      }
      // The internet rule of each namespace, and the provisioners' API rule.
      expect([excepting, openOn443]).toEqual([2, 1]);
    }
  });

  test("instance metadata and the other region's network (where connected) are never reachable; the service range is excepted only where the policy sees ClusterIPs", () => {
    const profile = KUBERNETES_PROFILES[cloud];
    for (const region of regions) {
      const denied = region.coder.egress.deniedCidrs;
      expect(denied).toContain("169.254.0.0/16");
      expect(denied.includes(region.other.network.cidr)).toBe(profile.regionsConnected);
      expect(denied.includes(region.infra.cluster.serviceCidr)).toBe(profile.policySeesServiceIps);
      // The rule that opens addresses inside the networks never opens link-local.
      expect(region.coder.egress.apiServerCidrs.some((c) => within("169.254.169.254/32", c))).toBe(false);
    }
  });

  test("workspaces reach their region's coderd or proxy pods by selector, and never the Kubernetes API", () => {
    for (const region of regions) {
      const egress = policies(region, "coder-workspaces").find((p) => p.metadata.name === "workspace-egress")!;
      const instance = region.coder.server!.releaseName;
      expect(rules(egress)[1].to[0].pod_selector.match_labels["app.kubernetes.io/instance"]).toBe(instance);
      expect(rules(egress).some((r) => r.ports?.some((p: TerraformJson) => p.port === "443"))).toBe(false);
    }
  });

  test("workspaces reach coderd and the proxy on 8443 alone, in either TLS mode: plain 8080 serves only the redirect", () => {
    for (const mode of ["acme", "pem"]) {
      const synthesized = synthDeployment({ cloud, coder: { domain: "acme.dev", tls: { mode }, dns: { manage: mode === "acme" } } }).stacks;
      const egress = resources(synthesized[`${plan.primary.stackPrefix}-coder`], "kubernetes_network_policy_v1").find((p) => p.metadata.name === "workspace-egress")!;
      expect(egress.spec.egress[1].ports).toEqual([{ protocol: "TCP", port: "8443" }]);
    }
  });
});
