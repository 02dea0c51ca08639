import { IConstruct } from "constructs";
import { DefaultTokenResolver, IAspect, StringConcat, TerraformDataSource, TerraformResource, TerraformStack, Tokenization } from "cdktf";

/* eslint-disable @typescript-eslint/no-explicit-any -- cdktf's HCL attribute tree is untyped */

/** `${aws_x.y}` or `aws_x.y` to the bare reference HCL wants. */
const bare = (reference: string) => reference.replace(/^\$\{(.*)\}$/, "$1");

/** A value cdktf's HCL renderer writes as it is (`type: "reference"`), for references and lists of them. */
const raw = (expression: string) => ({ value: expression, type: "reference" });

function lifecycleBlock(lifecycle: Record<string, any>): Record<string, any> {
  const block: Record<string, any> = {};
  for (const [key, value] of Object.entries(lifecycle)) {
    if ((key === "precondition" || key === "postcondition") && Array.isArray(value)) {
      block[key] = { value, isBlock: true, type: "list" };
    } else if ((key === "ignore_changes" || key === "replace_triggered_by") && Array.isArray(value)) {
      block[key] = raw(`[${value.map((v: string) => bare(v)).join(", ")}]`);
    } else if (key === "ignore_changes" && value === "all") {
      block[key] = raw("all");
    } else {
      block[key] = value;
    }
  }
  return block;
}

/**
 * Rewrites one resource's or data source's meta-arguments in place, as HCL needs them. `resolve`
 * turns the dependencies' tokens into their addresses first: written into one expression unresolved,
 * they would come out as `${...}` interpolations inside a string.
 */
export function fixHclMetaArguments(attributes: Record<string, any>, resolve: (value: unknown) => any = (v) => v): void {
  if (Array.isArray(attributes.depends_on)) {
    attributes.depends_on = raw(`[${(resolve(attributes.depends_on) as string[]).map((d) => bare(d)).join(", ")}]`);
  }
  const lifecycle = attributes.lifecycle;
  if (lifecycle && typeof lifecycle === "object" && !("value" in lifecycle)) {
    attributes.lifecycle = { value: lifecycleBlock(lifecycle), isBlock: true, type: "simple" };
  }
}

/**
 * `cdktf synth --hcl` (cdktf 0.21 lib/hcl/render.js) writes meta-arguments in forms Terraform
 * refuses or warns about: `lifecycle { precondition = [...] }` as an argument instead of blocks
 * ("Unsupported argument"), and `depends_on` and `ignore_changes` as quoted strings ("Quoted
 * references are deprecated"). This aspect gives each resource and data source the typed attribute
 * tree the renderer turns into blocks and bare references. The JSON synthesis is untouched.
 */
export class HclMetaArguments implements IAspect {
  private readonly fixed = new WeakSet<IConstruct>();

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) && !(node instanceof TerraformDataSource)) return;
    if (this.fixed.has(node)) return;
    this.fixed.add(node);
    const original = node.toHclTerraform.bind(node);
    const stack = TerraformStack.of(node);
    node.toHclTerraform = () => {
      const hcl = original();
      for (const kind of ["resource", "data"] as const) {
        for (const byName of Object.values<Record<string, any>>(hcl[kind] ?? {})) {
          for (const attributes of Object.values<Record<string, any>>(byName)) {
            fixHclMetaArguments(attributes, (v) => Tokenization.resolve(v, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) }));
          }
        }
      }
      return hcl;
    };
  }
}
