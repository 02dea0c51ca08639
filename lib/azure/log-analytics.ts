import { Construct } from "constructs";
import { LogAnalyticsWorkspace as LogAnalyticsWorkspaceResource } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";

export interface LogAnalyticsWorkspaceProps {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Days logs are kept (the same default as the AWS control-plane logs).
   * @default 90
   */
  readonly retentionDays?: number;
}

/** The region's Log Analytics workspace: AKS control-plane and audit logs land here. */
export class LogAnalyticsWorkspace extends Construct {
  readonly workspace: LogAnalyticsWorkspaceResource;
  readonly workspaceId: string;

  constructor(scope: Construct, id: string, props: LogAnalyticsWorkspaceProps) {
    super(scope, id);
    const retention = props.retentionDays ?? 90;
    if (retention < 30 || retention > 730) throw new Error(`LogAnalyticsWorkspace ${id}: retention must be 30 to 730 days, got ${retention}`);
    this.workspace = new LogAnalyticsWorkspaceResource(this, "workspace", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: "PerGB2018",
      retentionInDays: retention,
      // Entra ID only: no shared workspace keys for ingestion.
      localAuthenticationEnabled: false,
      tags: { ...props.tags },
    });
    this.workspaceId = this.workspace.id;
  }
}
