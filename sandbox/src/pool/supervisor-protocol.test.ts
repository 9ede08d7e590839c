import { describe, expect, it } from "vitest";
import { parseSupervisorLine } from "./supervisor-protocol.js";

const result = {
  id: "job-1",
  exitCode: 0,
  stdout: "2\n",
  stderr: "",
  timedOut: false,
  oomKilled: false,
  durationMs: 12,
  truncated: false,
  peakMemoryBytes: 1024,
};

describe("parseSupervisorLine", () => {
  it("reads the ready line, a result and a fault", () => {
    expect(parseSupervisorLine('{"ready":true,"protocol":1,"pid":1}')).toEqual({
      ready: true,
      protocol: 1,
      pid: 1,
    });
    expect(parseSupervisorLine(JSON.stringify(result))).toEqual(result);
    expect(parseSupervisorLine('{"id":null,"error":"OSError: [Errno 11]"}')).toEqual({
      id: null,
      error: "OSError: [Errno 11]",
    });
  });

  it("reads the notice that the supervisor retired its container", () => {
    expect(parseSupervisorLine('{"retired":"the nice value was changed"}')).toEqual({
      retired: "the nice value was changed",
    });
  });

  it.each([
    ["not JSON", "Traceback (most recent call last):"],
    ["a bare value", "42"],
    ["a ready line without protocol", '{"ready":true}'],
    ["a result missing stdout", JSON.stringify({ ...result, stdout: undefined })],
    ["a result with a string exit code", JSON.stringify({ ...result, exitCode: "0" })],
    ["a result without id", JSON.stringify({ ...result, id: undefined })],
  ])("rejects %s", (_name, line) => {
    expect(parseSupervisorLine(line)).toBeUndefined();
  });
});
