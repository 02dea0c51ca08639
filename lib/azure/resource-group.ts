import { Construct } from "constructs";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";

export interface RegionResourceGroupProps {
  /** Name from the plan (`AzureRegionNames.resourceGroup`). */
  readonly name: string;
  /** Azure region, e.g. eastus. */
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The resource group that holds one region's resources, so a region is created, tagged, permitted
 * and removed as one unit. AKS puts the nodes' VMs and disks in a second group of its own.
 */
export class RegionResourceGroup extends Construct {
  readonly resourceGroup: ResourceGroup;
  readonly name: string;
  readonly location: string;

  constructor(scope: Construct, id: string, props: RegionResourceGroupProps) {
    super(scope, id);
    if (props.name.length > 90) throw new Error(`RegionResourceGroup ${id}: resource group names hold at most 90 characters, got ${props.name.length}`);
    this.resourceGroup = new ResourceGroup(this, "group", { name: props.name, location: props.location, tags: { ...props.tags } });
    this.name = this.resourceGroup.name;
    this.location = props.location;
  }
}
