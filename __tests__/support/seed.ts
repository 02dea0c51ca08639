import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Reads Coder's 2k hardware table from the committed copy of the seed document, so tests compare
 * the typed reference data with the table's own words rather than with numbers retyped here.
 */
export interface SeedTable {
  readonly header: string[];
  readonly row: Record<string, string>;
}

export const SEED_TEXT = readFileSync(join(__dirname, "..", "fixtures", "seed-2k-users.md"), "utf8");

/** The single data row of the table under a `### <heading>` section. */
export function seedTable(heading: string): SeedTable {
  const start = SEED_TEXT.indexOf(`### ${heading}`);
  if (start < 0) throw new Error(`No section "${heading}" in the seed`);
  const rest = SEED_TEXT.slice(start + heading.length + 4);
  const end = rest.search(/###|\*\*Footnotes\*\*/);
  const table = end < 0 ? rest : rest.slice(0, end);
  const groups: string[][] = [[]];
  for (const cell of table.slice(table.indexOf("|") + 1).split("|").map((c) => c.trim())) {
    if (cell === "") groups.push([]);
    else groups[groups.length - 1].push(cell);
  }
  const [header, , data] = groups.filter((g) => g.length > 0);
  return { header, row: Object.fromEntries(header.map((h, i) => [h, data[i].replace(/`/g, "")])) };
}

/** Footnote bullets of a section, as written. */
export function seedFootnotes(heading: string): string[] {
  const start = SEED_TEXT.indexOf(`### ${heading}`);
  const rest = SEED_TEXT.slice(start + 4);
  const next = rest.indexOf("###");
  const section = next < 0 ? rest : rest.slice(0, next);
  const notes = section.split("**Footnotes**:")[1] ?? "";
  return notes
    .split(/\s-\s/)
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
}

/** "4 vCPU, 16 GB memory" to numbers. */
export function parseCapacity(text: string): { vcpu: number; memoryGib: number } {
  const match = /(\d+) vCPU, (\d+) GB memory/.exec(text);
  if (!match) throw new Error(`Unreadable capacity "${text}"`);
  return { vcpu: Number(match[1]), memoryGib: Number(match[2]) };
}
