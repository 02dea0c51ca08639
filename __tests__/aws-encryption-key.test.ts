import { EncryptionKey } from "../lib/aws/encryption-key";
import { onlyResource, synthConstruct } from "./support/synth";

describe("EncryptionKey", () => {
  test("rotates yearly, waits the longest window before deletion, and has a readable alias", () => {
    const json = synthConstruct((scope) => new EncryptionKey(scope, "key", { description: "test data", alias: "coder-test" }));
    expect(onlyResource(json, "aws_kms_key")).toMatchObject({ description: "test data", enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(onlyResource(json, "aws_kms_alias")).toMatchObject({ name: "alias/coder-test", target_key_id: expect.stringMatching(/aws_kms_key\..*\.key_id/) });
  });

  test("a deletion window KMS does not allow is refused with the value", () => {
    expect(() => synthConstruct((scope) => new EncryptionKey(scope, "key", { description: "d", alias: "a", deletionWindowDays: 3 }))).toThrow(
      /deletionWindowDays must be 7-30, got 3/,
    );
  });

  test("in the provider's region unless another is named, then the key and its alias both live there", () => {
    const here = synthConstruct((scope) => new EncryptionKey(scope, "key", { description: "d", alias: "a" }));
    expect(onlyResource(here, "aws_kms_key").region).toBeUndefined();
    const there = synthConstruct((scope) => new EncryptionKey(scope, "key", { description: "d", alias: "a", region: "us-west-2" }));
    expect(onlyResource(there, "aws_kms_key").region).toBe("us-west-2");
    expect(onlyResource(there, "aws_kms_alias").region).toBe("us-west-2");
  });
});
