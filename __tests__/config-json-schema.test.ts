import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { CONFIG_JSON_SCHEMA_PATH, configJsonSchema } from "../lib/config/json-schema";
import { validateConfig } from "../lib/config";

/** The committed JSON Schema is what editors check a config file against while it is typed. */
const ROOT = join(__dirname, "..");
const committed = JSON.parse(readFileSync(join(ROOT, CONFIG_JSON_SCHEMA_PATH), "utf8"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(committed);

describe("the config's JSON Schema", () => {
  test("is generated from the code's schema, unchanged since (else run `npm run schema`)", () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });

  test("accepts the empty config and the README's example, which the app accepts too", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const example = parse(/```yaml\n# coder\.yaml\n([\s\S]*?)```/.exec(readme)![1]);
    for (const config of [{}, example, { $schema: `./${CONFIG_JSON_SCHEMA_PATH}`, cloud: "gcp" }]) {
      expect({ config, errors: validate(config) ? [] : validate.errors }).toEqual({ config, errors: [] });
      expect(() => validateConfig(config)).not.toThrow();
    }
  });

  test("flags a misspelled key in an editor, as the app does at synth", () => {
    expect(validate({ regions: { primary: { nmae: "eu-west-1" } } })).toBe(false);
    expect(validate.errors).toEqual([
      expect.objectContaining({ instancePath: "/regions/primary", keyword: "additionalProperties", params: { additionalProperty: "nmae" } }),
    ]);
  });

  test.each([
    [{ kubernetes: { version: 1.3 } }, "/kubernetes/version"],
    [{ cloud: "oracle" }, "/cloud"],
    [{ regions: { secondary: { workspaceNodes: "64" } } }, "/regions/secondary/workspaceNodes"],
    [{ backend: { type: "s3" } }, "/backend"],
  ])("flags %j at %s", (config, path) => {
    expect(validate(config)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toContain(path);
  });
});
