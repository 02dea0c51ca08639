import { TerraformVariable } from "cdktf";

/**
 * A Terraform input variable that keeps its falsy settings in HCL output too.
 *
 * cdktf 0.21 leaves out of a variable's HCL every setting whose value is falsy
 * (terraform-variable.js, synthesizeHclAttributes filters on `!!value`), while its JSON keeps
 * them: under `cdktf synth --hcl`, `default = ""` vanished (the variable became required, and a
 * plan would ask for it), and so did `nullable = false`, `sensitive = false` and `default = 0`.
 * This class writes them back in the form the renderer writes the truthy ones; the JSON is
 * unchanged.
 */
export class InputVariable extends TerraformVariable {
  override synthesizeHclAttributes(): Record<string, unknown> {
    const attributes: Record<string, unknown> = super.synthesizeHclAttributes();
    if (this.default !== undefined && this.default !== null && !this.default) attributes.default = { value: this.default, type: "any" };
    for (const setting of ["sensitive", "nullable"] as const) {
      if (this[setting] === false) attributes[setting] = { value: false, type: "simple", storageClassType: "boolean" };
    }
    return attributes;
  }
}
