/**
 * The JSON text of a document that Terraform receives as a string (an IAM policy, Helm values)
 * and whose strings may hold Terraform references, e.g. `arn:${partition}:eks:...`.
 *
 * Indented on purpose: `cdktf synth --hcl` writes a multi-line string as a heredoc, where quotes
 * need no escaping, but writes a one-line string that holds an interpolation between quotes
 * without escaping the quotes inside it (cdktf 0.21 lib/hcl/render.js, escapeQuotes), which
 * neither Terraform nor hcl2json can read (`policy = "{"Version":...`). The JSON synth holds the
 * same text; the heredoc adds one trailing newline, which JSON and YAML readers skip.
 * `__tests__/hcl-output.test.ts` parses the HCL of every default deployment back and compares.
 */
export function jsonDocument(document: Readonly<Record<string, unknown>>): string {
  if (Object.keys(document).length === 0) throw new Error("jsonDocument: an empty document renders on one line; give it at least one key");
  return JSON.stringify(document, null, 2);
}
