import { AzurermBackend, GcsBackend, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { BackendPlan } from "../plan/types";

/**
 * Points a stack at its state. cdktf's default local backend writes an absolute path into the
 * output, which differs per machine; this one is relative to the stack's folder
 * (cdktf.out/stacks/<stack>), so the state lands at the project root as
 * `terraform.<stack>.tfstate`, as cdktf would put it, and the output is the same everywhere.
 */
export function configureBackend(stack: TerraformStack, backend: BackendPlan, stackName: string): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: `../../../terraform.${stackName}.tfstate` });
      return;
    case "s3": {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        region: backend.region,
        key: `${backend.keyPrefix}/${stackName}.tfstate`,
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
      // GCS locks state itself; objects land at <prefix>/<stack>/default.tfstate.
      new GcsBackend(stack, { bucket: backend.bucket, prefix: `${backend.prefix}/${stackName}` });
      return;
    case "azurerm":
      // Blob leases lock the state; storage accounts encrypt at rest.
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: `${backend.keyPrefix}/${stackName}.tfstate`,
      });
      return;
  }
}
