import { connect } from "node:net";
import { createServer } from "node:net";
import { CLUSTER_OUTPUTS } from "../lib/contracts/cluster";
import { DeploymentPlan } from "../lib/plan/types";
import { infraStackName } from "./deployment";
import { kubernetesApiRelayVariableName, usesApiRelay } from "./kubernetes-api-relay";

/**
 * How `npm run deploy` runs the stacks from one machine: the infrastructure stacks first, then,
 * once each cluster's API answers from here (directly, or through a relay it opens), the stacks
 * that talk to Kubernetes. Without the split, a private API would make those stacks fail half-way,
 * after the infrastructure was made; with it the deploy stops between the two with the fix.
 */

/** Output of an AWS infrastructure stack with the bastion: the Session Manager target. */
export const BASTION_OUTPUT = "bastion_instance_id";

/** One region's path from the runner to its cluster's API. */
export interface ApiPath {
  readonly region: string;
  readonly infraStack: string;
  /** AWS with the bastion: a Session Manager port forward, its local URL handed to Terraform in this variable. */
  readonly relayVariable?: string;
}

export function apiPaths(plan: DeploymentPlan): ApiPath[] {
  return [plan.primary, plan.secondary].map((region) => ({
    region: region.region,
    infraStack: infraStackName(region.stackPrefix),
    ...(usesApiRelay(plan) ? { relayVariable: kubernetesApiRelayVariableName(region.region) } : {}),
  }));
}

/** The stack names a list of cdktf patterns selects (`*` and `?` wildcards, as cdktf matches them). */
export function selectStacks(all: readonly string[], patterns: readonly string[]): string[] {
  const selected = patterns.length === 0 ? ["*"] : patterns;
  const matchers = selected.map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`));
  return all.filter((name) => matchers.some((m) => m.test(name)));
}

/**
 * The deploy in two runs: the infrastructure stacks, then those that talk to Kubernetes, each list in
 * an order where a stack comes after those it depends on (`dependencies` in cdktf's manifest). The
 * second run skips the first's stacks (`--ignore-missing-stack-dependencies`), which also drops
 * cdktf's own ordering, so it runs one stack at a time in this order.
 */
export function deployPhases(
  plan: DeploymentPlan,
  selected: readonly string[],
  dependencies: Readonly<Record<string, readonly string[]>> = {},
): { infra: string[]; kubernetes: string[] } {
  const infraStacks = new Set(apiPaths(plan).map((p) => p.infraStack));
  const ordered: string[] = [];
  const visit = (stack: string, path: readonly string[]) => {
    if (ordered.includes(stack) || !selected.includes(stack)) return;
    if (path.includes(stack)) throw new Error(`stacks depend on each other in a cycle: ${[...path, stack].join(" -> ")}`);
    for (const dependency of dependencies[stack] ?? []) visit(dependency, [...path, stack]);
    ordered.push(stack);
  };
  for (const stack of selected) visit(stack, []);
  return { infra: ordered.filter((s) => infraStacks.has(s)), kubernetes: ordered.filter((s) => !infraStacks.has(s)) };
}

/** `https://host[:port]/...` to host and port. */
export function endpointAddress(endpoint: string): { host: string; port: number } {
  const url = new URL(endpoint.includes("://") ? endpoint : `https://${endpoint}`);
  return { host: url.hostname, port: url.port ? Number(url.port) : 443 };
}

/** Opens and closes a TCP connection: undefined when it opened, else why not. */
export function tcpProblem(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs / 1000} s`));
    socket.once("connect", () => done(undefined));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** A free local TCP port, for a relay's local end. */
export function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The command that opens a Session Manager port forward to a private EKS endpoint (AWS Systems Manager, AWS-StartPortForwardingSessionToRemoteHost). */
export function relayCommand(path: ApiPath, bastionInstanceId: string, endpointHost: string, localPort: number): string[] {
  return [
    "aws", "ssm", "start-session",
    "--region", path.region,
    "--target", bastionInstanceId,
    "--document-name", "AWS-StartPortForwardingSessionToRemoteHost",
    "--parameters", JSON.stringify({ host: [endpointHost], portNumber: ["443"], localPortNumber: [String(localPort)] }),
  ];
}

/** What to do when a region's API does not answer from here, per cloud. */
export function unreachableFix(plan: DeploymentPlan, path: ApiPath, endpoint: string, problem: string): string {
  const where = `the Kubernetes API of ${path.region} (${endpoint}) does not answer from this machine (${problem})`;
  if (path.relayVariable) {
    return `${where} through the Session Manager relay of ${path.infraStack}: install the Session Manager plugin for the AWS CLI and check that the bastion is online (aws ssm describe-instance-information --region ${path.region}), then deploy again`;
  }
  if (plan.primary.cluster.apiAllowedCidrs.length > 0) {
    return `${where}: kubernetes.apiAllowedCidrs (${plan.primary.cluster.apiAllowedCidrs.join(", ")}) must hold this machine's public address; add it and deploy again`;
  }
  switch (plan.cloud) {
    case "aws":
      return `${where}: run the deploy from a network in aws.privateApiCidrs (${plan.aws.privateApiCidrs.join(", ")}), connected to both VPCs, or leave aws.bastion on`;
    case "gcp":
      return `${where}: the DNS endpoint answers from anywhere; check this machine's DNS and outbound 443, and that the identity has container.clusters.connect (roles/container.developer)`;
    case "azure":
      return `${where}: azure.runnerConnected says this machine's network is peered or connected to both VNets; peer it with ${path.infraStack}'s VNet (output network_id) and deploy again, or list its public CIDR in kubernetes.apiAllowedCidrs`;
    default:
      return where;
  }
}

/** The cluster endpoint (and bastion) from an infrastructure stack's `terraform output -json`. */
export function infraOutputs(outputJson: string): { endpoint?: string; bastionInstanceId?: string } {
  const outputs = JSON.parse(outputJson) as Record<string, { value: unknown }>;
  const text = (name: string) => (typeof outputs[name]?.value === "string" ? (outputs[name].value as string) : undefined);
  return { endpoint: text(CLUSTER_OUTPUTS.clusterEndpoint), bastionInstanceId: text(BASTION_OUTPUT) };
}
