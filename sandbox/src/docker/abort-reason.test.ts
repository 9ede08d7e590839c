import { describe, expect, it } from "vitest";
import { abortReason } from "./abort-reason.js";

describe("abortReason", () => {
  it("is the signal's own reason when it has one", () => {
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    controller.abort(reason);

    expect(abortReason(controller.signal)).toBe(reason);
  });

  it("is an AbortError when there is no signal", () => {
    expect(abortReason(undefined)).toMatchObject({
      name: "AbortError",
      message: "The sandbox run was aborted",
    });
  });
});
