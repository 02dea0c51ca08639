import { AzurermBackend, GcsBackend, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { BackendPlan } from "../plan/types";
import { localStatePath } from "./output-folder";

/**
 * Points a stack at its state, named by deployment and stack. Stack names stay
 * `<cloud>-<region>-<layer>` (the CLI's handles, the same for every deployment); the deployment's
 * name goes into the state key instead, so two deployments in the same regions and bucket write
 * different states. cdktf's default local backend writes an absolute path into the output, which
 * differs per machine; this one is relative to the stack's folder (cdktf.out/<namePrefix>-<cloud>/
 * stacks/<stack>: lib/terraform/output-folder.ts), so the state lands at the project root as
 * `terraform.<deployment>.<stack>.tfstate`.
 */
export function configureBackend(stack: TerraformStack, backend: BackendPlan, stackName: string): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: localStatePath(backend.deployment, stackName) });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        region: backend.region,
        key: `${backend.keyPrefix}/${backend.deployment}/${stackName}.tfstate`,
        encrypt: true,
        dynamodbTable: backend.dynamodbTable,
      });
      if (!backend.dynamodbTable) {
        // S3-native locking (Terraform 1.10+); cdktf 0.21 has no typed property for it.
        s3.addOverride("use_lockfile", true);
      }
      return;
    }
    case "gcs":
      // GCS locks state itself; objects land at <prefix>/<deployment>/<stack>/default.tfstate.
      new GcsBackend(stack, { bucket: backend.bucket, prefix: `${backend.prefix}/${backend.deployment}/${stackName}` });
      return;
    case "azurerm":
      // Blob leases lock the state; storage accounts encrypt at rest.
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: `${backend.keyPrefix}/${backend.deployment}/${stackName}.tfstate`,
      });
      return;
  }
}
