# A Coder template for the coder-refarch clusters: one workspace pod on the workspace pool, with its
# home on a zonal volume. Push it with `coder templates push kubernetes-workspace -d .` and give the
# template the region's provisioner tag (`region=<region>`) so its builds run on that region's
# provisioners, which hold the RBAC for the workspace namespace.

terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
    kubernetes = {
      source = "hashicorp/kubernetes"
    }
  }
}

# The provisioner pod's own service account (in-cluster config): the coder stacks bind it to a Role
# in the workspace namespace and nowhere else.
provider "kubernetes" {}

variable "namespace" {
  type        = string
  default     = "coder-workspaces"
  description = "Namespace the coder stacks made for workspaces"
}

variable "storage_class" {
  type        = string
  default     = "coder-workspace-home"
  description = "StorageClass of the coder stacks: zonal volumes bound where the pod first runs"
}

variable "image" {
  type    = string
  default = "codercom/enterprise-base:ubuntu"
}

data "coder_parameter" "home_size" {
  name         = "home_size"
  display_name = "Home volume (GiB)"
  type         = "number"
  default      = "20"
  mutable      = false
  validation {
    min = 10
    max = 200
  }
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

locals {
  # The workspace's ID: stable for its life (the volume survives stops and starts, renames of the
  # workspace or its owner), unique, and short enough for every Kubernetes name: "coder-" and a
  # 36-character UUID are 42 characters, "-home" makes 47, both under the 63 a label value allows.
  name = "coder-${data.coder_workspace.me.id}"
  labels = {
    "app.kubernetes.io/name"     = "coder-workspace"
    "app.kubernetes.io/instance" = local.name
    "com.coder.workspace.id"     = data.coder_workspace.me.id
    "com.coder.workspace.name"   = data.coder_workspace.me.name
    "com.coder.user.username"    = data.coder_workspace_owner.me.name
  }
}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

# The home volume. The StorageClass binds it only when the pod is scheduled (WaitForFirstConsumer),
# so the disk is made in that node's zone; from then on the volume's node affinity keeps every later
# pod of this workspace in the same zone.
resource "kubernetes_persistent_volume_claim_v1" "home" {
  metadata {
    name      = "${local.name}-home"
    namespace = var.namespace
    labels    = local.labels
  }
  # With WaitForFirstConsumer the claim stays Pending until the pod exists; waiting for it to bind
  # here would hang the build (the pod is created after the claim).
  wait_until_bound = false
  spec {
    access_modes       = ["ReadWriteOnce"]
    storage_class_name = var.storage_class
    resources {
      requests = {
        storage = "${data.coder_parameter.home_size.value}Gi"
      }
    }
  }
  lifecycle {
    ignore_changes = all
  }
}

# A Deployment of one replica, not a bare pod: when a node goes away (a node-image upgrade, the
# autoscaler, a repair) the workspace comes back on another node instead of being lost.
resource "kubernetes_deployment_v1" "workspace" {
  count = data.coder_workspace.me.start_count
  # A first start on a fresh node pulls the image and waits for the autoscaler; the agent reports
  # readiness to Coder, so the build does not wait for the rollout (and cannot time out on it).
  wait_for_rollout = false
  metadata {
    name      = local.name
    namespace = var.namespace
    labels    = local.labels
  }
  spec {
    replicas = 1
    selector {
      match_labels = {
        "app.kubernetes.io/instance" = local.name
      }
    }
    # The home volume is ReadWriteOnce: the old pod must let go of it before the new one starts.
    strategy {
      type = "Recreate"
    }
    template {
      metadata {
        labels = local.labels
      }
      spec {
        # The workspace pool: its label, and a toleration in case the pool is ever tainted.
        node_selector = {
          "coder-refarch/pool" = "workspace"
        }
        toleration {
          key      = "coder-refarch/pool"
          operator = "Equal"
          value    = "workspace"
          effect   = "NoSchedule"
        }
        security_context {
          run_as_user     = 1000
          fs_group        = 1000
          run_as_non_root = true
        }
        container {
          name    = "dev"
          image   = var.image
          command = ["sh", "-c", coder_agent.main.init_script]
          env {
            name  = "CODER_AGENT_TOKEN"
            value = coder_agent.main.token
          }
          # The reference architecture's 2 GB per workspace user, requested so the scheduler counts it.
          resources {
            requests = {
              cpu    = "250m"
              memory = "2Gi"
            }
            limits = {
              memory = "4Gi"
            }
          }
          security_context {
            allow_privilege_escalation = false
          }
          volume_mount {
            name       = "home"
            mount_path = "/home/coder"
          }
        }
        volume {
          name = "home"
          persistent_volume_claim {
            claim_name = kubernetes_persistent_volume_claim_v1.home.metadata[0].name
          }
        }
      }
    }
  }
}
