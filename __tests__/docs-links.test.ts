import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { RULES_TABLE_END, RULES_TABLE_START } from "../lib/policy/rules-markdown";

/**
 * The user documentation holds together: every relative link in README.md, CONTRIBUTING.md and
 * docs/*.md reaches an existing file, and an `#anchor` into a Markdown file an existing heading
 * (GitHub's slugs); the README stays a front door of at most 300 lines that links every document;
 * a command that acts on a deployment names its config; and no text points at what users do not
 * have (files outside the repository, paths of particular machines).
 */
const ROOT = join(__dirname, "..");
const DOCS = ["README.md", "CONTRIBUTING.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const text = (file: string) => readFileSync(join(ROOT, file), "utf8");

/** The text without fenced code blocks (their `#` lines are comments, their brackets code). */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, "");
}

/** Link targets outside code: `[text](target)` and `[text]: target`. */
function linkTargets(markdown: string): string[] {
  const prose = withoutFences(markdown).replace(/`[^`\n]*`/g, "");
  return [
    ...[...prose.matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s+<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]),
  ];
}

/** GitHub's anchor for a heading: the rendered text, lowercased, punctuation dropped, spaces as hyphens; repeats get -1, -2, ... */
function headingSlugs(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const slugs = new Set<string>();
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
    const rendered = heading
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]+>/g, "")
      .replace(/[`*]/g, "");
    const base = rendered
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

describe("GitHub's heading anchors", () => {
  test.each([
    ["## Checked against AWS documentation", "checked-against-aws-documentation"],
    ["## The bootstrap: keys and tokens only a running coderd can make", "the-bootstrap-keys-and-tokens-only-a-running-coderd-can-make"],
    ["## EKS (`cloud: aws`)", "eks-cloud-aws"],
    ["## Scaling workspaces: Cluster Autoscaler, one node group per zone", "scaling-workspaces-cluster-autoscaler-one-node-group-per-zone"],
    ["### [Linked](x.md) heading", "linked-heading"],
    ["## npm run validate", "npm-run-validate"],
  ])("%s is #%s", (heading, slug) => {
    expect([...headingSlugs(heading)]).toEqual([slug]);
  });

  test("repeated headings are numbered, headings in code are none", () => {
    expect([...headingSlugs("## Stacks\n\n```yaml\n# coder.yaml\n```\n\n## Stacks\n")]).toEqual(["stacks", "stacks-1"]);
  });

  test("links in code are not links", () => {
    expect(linkTargets("[a](a.md) `[b](b.md)`\n\n```md\n[c](c.md)\n```\n[d]: d.md\n")).toEqual(["a.md", "d.md"]);
  });
});

describe.each(DOCS)("%s", (file) => {
  const markdown = text(file);
  const relativeLinks = linkTargets(markdown).filter((target) => !isExternal(target));

  test("every relative link reaches an existing file, and every #anchor an existing heading", () => {
    const broken = relativeLinks.filter((target) => {
      const [path, anchor] = target.split("#", 2);
      const resolved = path === "" ? join(ROOT, file) : join(ROOT, dirname(file), decodeURIComponent(path));
      if (!existsSync(resolved)) return true;
      if (relative(ROOT, resolved).startsWith("..")) return true;
      if (anchor === undefined) return false;
      if (statSync(resolved).isDirectory() || !resolved.endsWith(".md")) return true;
      return !headingSlugs(readFileSync(resolved, "utf8")).has(decodeURIComponent(anchor));
    });
    expect(broken).toEqual([]);
  });

  test("a command that acts on a deployment names its config (CODER_REFARCH_CONFIG=<file>)", () => {
    // The README's quick start synthesizes the embedded default on purpose.
    const body = file === "README.md" ? markdown.replace(/^## Quick start\n[\s\S]*?(?=^## )/m, "") : markdown;
    const commands = [...body.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].flatMap((m) => m[1].split("\n"));
    const acting = commands.filter((line) => /^(?:[A-Z_]+=\S+ )*(?:npm run (?:check|synth|synth:hcl|diff|deploy)\b|npx cdktf (?:synth|diff|deploy|destroy|output)\b)/.test(line.trim()));
    expect(acting.filter((line) => !/^(?:[A-Z_]+=\S+ )*CODER_REFARCH_CONFIG=\S+ /.test(line.trim()))).toEqual([]);
  });

  test("points at nothing users lack: no private notes, no machine paths, no in-house words", () => {
    // The policy rule table is generated from the rules' `source` fields (lib/policy/rules/), checked where they are written.
    const own = file === "docs/policy-rules.md" ? markdown.slice(0, markdown.indexOf(RULES_TABLE_START)) + markdown.slice(markdown.indexOf(RULES_TABLE_END)) : markdown;
    expect(own.match(/REFERENCE\.md|\.\.\/shared\b|\/opt\/[\w-]+|seed table|development machines?/gi)).toBeNull();
  });
});

describe("the README", () => {
  const readme = text("README.md");

  test("is a front door: at most 300 lines", () => {
    expect(readme.replace(/\n$/, "").split("\n").length).toBeLessThanOrEqual(300);
  });

  test("links every document in docs/ and CONTRIBUTING.md", () => {
    const linked = new Set(linkTargets(readme).map((target) => target.split("#")[0]));
    expect(DOCS.filter((doc) => doc !== "README.md" && !linked.has(doc))).toEqual([]);
  });

  test("starts with the two commands: install and run the main job, run the tests", () => {
    const quickStart = readme.slice(readme.indexOf("## Quick start\n"), readme.indexOf("\n## ", readme.indexOf("## Quick start\n")));
    expect(quickStart).toMatch(/^npm ci && npm run synth\b/m);
    expect(quickStart).toMatch(/^npm test\b/m);
  });
});
