import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { AddonPlacement } from "../contracts/kubernetes-access";
import { AddonChart, RELOADER_CHART } from "../reference/addon-charts";
import { addonRelease, placementValues } from "./addon-release";

/** Requests of the Reloader pod (the chart sets none): an idle controller watching one namespace. */
export const RELOADER_REQUESTS = { cpu: "10m", memory: "64Mi" } as const;

export interface ReloaderProps {
  /** The namespace it watches and runs in: coderd's or the proxy's. */
  readonly namespace: string;
  readonly placement: AddonPlacement;
  /** @default RELOADER_CHART */
  readonly chart?: AddonChart;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Stakater Reloader in Coder's namespace and for it alone (`watchGlobally: false`: a Role there, no
 * cluster-wide read of secrets): it rolls coderd or the proxy when their TLS secret changes, since
 * Coder reads its certificate only at start-up. The `annotations` strategy marks the pod template
 * instead of adding an environment variable, and the rollout follows the Deployment's strategy (one
 * pod at a time here).
 */
export class Reloader extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ReloaderProps) {
    super(scope, id);
    const chart = props.chart ?? RELOADER_CHART;
    const name = "coder-reloader";
    const values = {
      // The chart names its objects <release>-reloader; the release's own name is name enough.
      fullnameOverride: name,
      reloader: {
        watchGlobally: false,
        reloadStrategy: "annotations",
        readOnlyRootFileSystem: true,
        deployment: {
          ...placementValues(props.placement),
          resources: { requests: RELOADER_REQUESTS },
          // It runs in coderd's namespace, which enforces Pod Security `restricted`; the chart's pod
          // context is non-root with RuntimeDefault seccomp, its container context empty.
          containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        },
      },
    };
    this.release = addonRelease(this, "release", { name, namespace: props.namespace, chart, values, dependsOn: props.dependsOn });
  }
}
