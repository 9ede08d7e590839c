import { describe, expect, it } from "vitest";
import { OutputCollector } from "./output-collector.js";

function frame(type: number, payload: string | Buffer): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe("OutputCollector", () => {
  it("separates stdout and stderr frames", () => {
    const collector = new OutputCollector(1024);

    collector.push(Buffer.concat([frame(1, "out 1\n"), frame(2, "err\n"), frame(1, "out 2\n")]));

    expect(collector.result()).toEqual({
      stdout: "out 1\nout 2\n",
      stderr: "err\n",
      truncated: false,
    });
  });

  it("reassembles frames split anywhere, even inside the header", () => {
    const stream = Buffer.concat([frame(1, "hello "), frame(2, "oops"), frame(1, "world")]);
    const collector = new OutputCollector(1024);

    for (let index = 0; index < stream.length; index += 3) {
      collector.push(stream.subarray(index, index + 3));
    }

    expect(collector.result()).toEqual({ stdout: "hello world", stderr: "oops", truncated: false });
  });

  it("keeps at most the cap of each stream and says it truncated", () => {
    const collector = new OutputCollector(10);

    collector.push(frame(1, "0123456789abcdef"));
    collector.push(frame(1, "more"));
    collector.push(frame(2, "short"));

    expect(collector.result()).toEqual({ stdout: "0123456789", stderr: "short", truncated: true });
  });

  it("is not truncated at exactly the cap", () => {
    const collector = new OutputCollector(4);

    collector.push(frame(1, "abcd"));

    expect(collector.result().truncated).toBe(false);
  });

  it("ignores stdin frames", () => {
    const collector = new OutputCollector(64);

    collector.push(Buffer.concat([frame(0, "typed"), frame(1, "shown")]));

    expect(collector.result().stdout).toBe("shown");
  });

  it("streams decoded text to onOutput without splitting a character across chunks", () => {
    const seen: string[] = [];
    const collector = new OutputCollector(1024, (stream, chunk) => seen.push(`${stream}:${chunk}`));
    const euro = Buffer.from("€");

    collector.push(frame(1, euro.subarray(0, 1)));
    collector.push(frame(1, euro.subarray(1)));
    collector.push(frame(2, "!"));

    expect(seen).toEqual(["stdout:€", "stderr:!"]);
    expect(collector.result().stdout).toBe("€");
  });

  it("keeps collecting when onOutput throws, and holds the error for the caller", () => {
    const failure = new Error("listener broke");
    let calls = 0;
    const collector = new OutputCollector(64, () => {
      calls += 1;
      throw failure;
    });

    collector.push(frame(1, "a"));
    collector.push(frame(1, "b"));

    expect(calls).toBe(1);
    expect(collector.listenerError).toEqual({ error: failure });
    expect(collector.result().stdout).toBe("ab");
  });

  it("stops calling onOutput past the cap", () => {
    const seen: string[] = [];
    const collector = new OutputCollector(3, (_stream, chunk) => seen.push(chunk));

    collector.push(frame(1, "abcdef"));
    collector.push(frame(1, "ghi"));

    expect(seen).toEqual(["abc"]);
  });
});
