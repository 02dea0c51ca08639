#!/usr/bin/env node
/**
 * Rewrites the field table of docs/configuration.md from the config's schema
 * (lib/config/config-markdown.ts), from the build; `npm run docs:config`. A test fails when the
 * committed table differs.
 */
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { configReferenceMarkdown, CONFIG_TABLE_START, CONFIG_TABLE_END } = require("../dist/lib/config/config-markdown");

const path = join(__dirname, "..", "docs", "configuration.md");
const doc = readFileSync(path, "utf8");
const start = doc.indexOf(CONFIG_TABLE_START);
const end = doc.indexOf(CONFIG_TABLE_END);
if (start < 0 || end < start) {
  console.error(`docs/configuration.md has no ${CONFIG_TABLE_START} ... ${CONFIG_TABLE_END} markers`);
  process.exit(1);
}
writeFileSync(path, `${doc.slice(0, start + CONFIG_TABLE_START.length)}\n${configReferenceMarkdown()}\n${doc.slice(end)}`);
console.log("wrote the config reference table in docs/configuration.md");
