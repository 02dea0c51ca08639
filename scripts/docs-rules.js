#!/usr/bin/env node
/**
 * Rewrites the policy rule table of docs/policy-rules.md from the rules themselves
 * (lib/policy/rules-markdown.ts), from the build; `npm run docs:rules`. A test fails when the
 * committed table differs.
 */
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { policyRulesMarkdown, RULES_TABLE_START, RULES_TABLE_END } = require("../dist/lib/policy/rules-markdown");

const path = join(__dirname, "..", "docs", "policy-rules.md");
const doc = readFileSync(path, "utf8");
const start = doc.indexOf(RULES_TABLE_START);
const end = doc.indexOf(RULES_TABLE_END);
if (start < 0 || end < start) {
  console.error(`docs/policy-rules.md has no ${RULES_TABLE_START} ... ${RULES_TABLE_END} markers`);
  process.exit(1);
}
writeFileSync(path, `${doc.slice(0, start + RULES_TABLE_START.length)}\n${policyRulesMarkdown()}\n${doc.slice(end)}`);
console.log("wrote the policy rule table in docs/policy-rules.md");
