import { TerraformStack } from "cdktf";

/** The Terraform version constraints each stack was given, in the order given. */
const CONSTRAINTS = new WeakMap<TerraformStack, string[]>();

/**
 * Makes a stack require a Terraform version (`terraform { required_version = ... }`), in the JSON
 * output and in the HCL output (`cdktf synth --hcl`) alike. Calling it again adds a constraint;
 * Terraform applies them all.
 *
 * Why not `stack.addOverride("terraform.required_version", ...)`: that writes correct JSON, but
 * cdktf 0.21's HCL renderer writes every terraform-block setting other than required_providers,
 * backend and cloud as `0 = "required_version"` (lib/hcl/render.js, renderTerraform, renders the
 * list of setting names instead of the settings), which Terraform cannot parse. So both of the
 * stack's renderings get the setting here, after cdktf built them.
 */
export function requireTerraformVersion(stack: TerraformStack, constraint: string): void {
  if (!/^\s*(=|!=|>=?|<=?|~>)?\s*\d+(\.\d+){0,2}\s*$/.test(constraint)) {
    throw new Error(`requireTerraformVersion: ${JSON.stringify(constraint)} is not one Terraform version constraint such as ">= 1.11.0"`);
  }
  const known = CONSTRAINTS.get(stack);
  if (known) {
    if (!known.includes(constraint)) known.push(constraint);
    return;
  }
  const constraints = [constraint];
  CONSTRAINTS.set(stack, constraints);
  const requiredVersion = () => constraints.join(", ");

  const toJson = stack.toTerraform.bind(stack);
  stack.toTerraform = () => {
    const config = toJson();
    return { ...config, terraform: { ...config.terraform, required_version: requiredVersion() } };
  };

  const toHcl = stack.toHclTerraform.bind(stack);
  stack.toHclTerraform = () => {
    const { hcl, metadata } = toHcl();
    const setting = `required_version = ${JSON.stringify(requiredVersion())}`;
    // cdktf writes the terraform block first, whenever the stack has a provider or a backend.
    const withSetting = hcl.startsWith("terraform {\n") ? hcl.replace("terraform {\n", `terraform {\n${setting}\n`) : `terraform {\n${setting}\n}\n\n${hcl}`;
    return { hcl: withSetting, metadata: { ...metadata, terraform: { ...metadata.terraform, required_version: requiredVersion() } } };
  };
}
