import { AKS_NODE_DAEMONS } from "./aks-node-daemons";
import { EKS_NODE_DAEMONS } from "./eks-node-daemons";
import { GKE_NODE_DAEMONS } from "./gke-node-daemons";
import { Cloud } from "./types";

/**
 * A DaemonSet pod the managed Kubernetes service runs on every node of this project's clusters,
 * with what it requests (its containers together). They take their requests from each node before
 * any of Coder's pods do, so the capacity chain subtracts them; the scheduling simulation places
 * them as pods.
 *
 * The services do not publish these numbers: each entry names where its figure comes from
 * (manifests, charts, `kubectl describe node` output in public issues), and estimates say so and
 * round up. Check a real node with `kubectl describe node` ("Non-terminated Pods") after the first
 * deploy; a figure that grew is one line here.
 */
export interface NodeDaemon {
  /** DaemonSet name. */
  readonly name: string;
  readonly namespace: string;
  readonly cpuMillis: number;
  readonly memoryMib: number;
  /** Runs on tainted nodes too (a toleration with `operator: Exists`, as system DaemonSets carry). */
  readonly toleratesAllTaints: boolean;
  readonly source: string;
}

/** Every cloud's node daemons, as this project configures its clusters. */
export const NODE_DAEMONS: Readonly<Record<Cloud, readonly NodeDaemon[]>> = {
  aws: EKS_NODE_DAEMONS,
  gcp: GKE_NODE_DAEMONS,
  azure: AKS_NODE_DAEMONS,
};
