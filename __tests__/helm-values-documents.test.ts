import { TerraformVariable, Testing } from "cdktf";
import { helmValuesDocuments, literalHelmValues, splitReferences } from "../lib/terraform/helm-values-documents";

describe("Helm values with Terraform references", () => {
  // Tokens need a stack to resolve in; a variable gives a reference such as ${var.ids}.
  const withReference = (build: (reference: string) => string[]): string[] => {
    let documents: string[] = [];
    Testing.synthScope((scope) => {
      const ids = new TerraformVariable(scope, "ids", { type: "string" });
      documents = build(ids.stringValue);
    });
    return documents;
  };

  test("literals alone are one indented JSON document", () => {
    const documents = helmValuesDocuments({ coder: { replicaCount: 2, service: { annotations: { a: "b" } } } });
    expect(documents).toHaveLength(1);
    expect(JSON.parse(documents[0])).toEqual({ coder: { replicaCount: 2, service: { annotations: { a: "b" } } } });
    expect(documents[0]).toContain("\n  ");
  });

  test("references go to a document of their own in the same tree, first; the literals stay parseable, last", () => {
    const values = (reference: string) => ({ coder: { replicaCount: 2, service: { annotations: { a: "b", eips: reference } } } });
    let split: ReturnType<typeof splitReferences> | undefined;
    const documents = withReference((reference) => {
      split = splitReferences(values(reference));
      return helmValuesDocuments(values(reference));
    });
    expect(documents).toHaveLength(2);
    // Last, because cdktf 0.21's HCL closes a heredoc followed by another list element with `EOF,`, which Terraform cannot read.
    expect(JSON.parse(documents[1])).toEqual({ coder: { replicaCount: 2, service: { annotations: { a: "b" } } } });
    expect(literalHelmValues({ values: documents })).toEqual(JSON.parse(documents[1]));
    expect(documents[0]).toMatch(/^\$\{TfToken\[/);
    expect(split!.literals).toEqual({ coder: { replicaCount: 2, service: { annotations: { a: "b" } } } });
    expect(Object.keys((split!.references.coder as { service: { annotations: object } }).service.annotations)).toEqual(["eips"]);
  });

  test("a map of references only is left out of the literal document", () => {
    withReference((reference) => {
      const { literals, references } = splitReferences({ serviceAccount: { annotations: { arn: reference } }, replicaCount: 1 });
      expect(literals).toEqual({ replicaCount: 1 });
      expect(Object.keys(references)).toEqual(["serviceAccount"]);
      return [];
    });
  });

  test("a list holding a reference is refused: Helm replaces lists instead of merging them", () => {
    expect(() => withReference((reference) => helmValuesDocuments({ env: [{ name: "X", value: reference }] }))).toThrow(
      "helmValuesDocuments: env is a list holding Terraform references; Helm replaces lists instead of merging them, so keep references in maps",
    );
  });
});
