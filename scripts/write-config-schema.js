#!/usr/bin/env node
/** Writes the config's JSON Schema (see lib/config/json-schema.ts) from the build; `npm run schema`. */
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { configJsonSchema, CONFIG_JSON_SCHEMA_PATH } = require("../dist/lib/config/json-schema");

const path = join(__dirname, "..", CONFIG_JSON_SCHEMA_PATH);
writeFileSync(path, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${CONFIG_JSON_SCHEMA_PATH}`);
