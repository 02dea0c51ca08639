#!/usr/bin/env node
/**
 * Rewrites the README's policy rule table from the rules themselves (lib/policy/rules-markdown.ts),
 * from the build; `npm run docs:rules`. A test fails when the README's table differs.
 */
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { policyRulesMarkdown, RULES_TABLE_START, RULES_TABLE_END } = require("../dist/lib/policy/rules-markdown");

const path = join(__dirname, "..", "README.md");
const readme = readFileSync(path, "utf8");
const start = readme.indexOf(RULES_TABLE_START);
const end = readme.indexOf(RULES_TABLE_END);
if (start < 0 || end < start) {
  console.error(`README.md has no ${RULES_TABLE_START} ... ${RULES_TABLE_END} markers`);
  process.exit(1);
}
writeFileSync(path, `${readme.slice(0, start + RULES_TABLE_START.length)}\n${policyRulesMarkdown()}\n${readme.slice(end)}`);
console.log("wrote the policy rule table in README.md");
