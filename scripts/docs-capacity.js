#!/usr/bin/env node
/**
 * Writes docs/capacity.md, each cloud's default pools step by step from nominal size to what pods
 * may request, from the plan itself (lib/report/capacity-markdown.ts), from the build; `npm run
 * docs:capacity`. A test fails when the committed file differs.
 */
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { capacityDocument } = require("../dist/lib/report/capacity-document");

writeFileSync(join(__dirname, "..", "docs", "capacity.md"), capacityDocument());
console.log("wrote docs/capacity.md");
