import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { createInterruptSignal, type SignalSource } from "./interrupt-signal.js";

function fakeProcess(): EventEmitter & SignalSource {
  return new EventEmitter() as EventEmitter & SignalSource;
}

describe("createInterruptSignal", () => {
  it.each([
    ["SIGINT", "cancelled with Ctrl-C"],
    ["SIGTERM", "cancelled by SIGTERM"],
  ] as const)("aborts on %s and then stops listening to both signals", (name, message) => {
    const source = fakeProcess();
    const signal = createInterruptSignal(source);
    expect(source.listenerCount("SIGINT")).toBe(1);
    expect(source.listenerCount("SIGTERM")).toBe(1);
    expect(signal.aborted).toBe(false);

    source.emit(name);

    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe(message);
    // A second signal reaches Node's default handler and ends the process at once.
    expect(source.listenerCount("SIGINT")).toBe(0);
    expect(source.listenerCount("SIGTERM")).toBe(0);
  });
});
