import { withoutTokenStackTraces } from "../lib/terraform/token-stack-traces";

test("restores Error.captureStackTrace after the work, and after a throw", () => {
  const original = Error.captureStackTrace;
  expect(withoutTokenStackTraces(() => Error.captureStackTrace === original)).toBe(false);
  expect(Error.captureStackTrace).toBe(original);
  expect(() =>
    withoutTokenStackTraces(() => {
      throw new Error("boom");
    }),
  ).toThrow("boom");
  expect(Error.captureStackTrace).toBe(original);
});

test("errors created inside keep their stacks; captured traces are empty", () => {
  const { thrown, captured } = withoutTokenStackTraces(() => {
    const target: { stack?: string } = {};
    Error.captureStackTrace(target);
    return { thrown: new Error("inside"), captured: target };
  });
  expect(thrown.stack).toMatch(/token-stack-traces\.test\.ts/);
  expect(captured.stack).toBe("");
});
