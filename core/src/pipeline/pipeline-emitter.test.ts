import { describe, expect, it } from "vitest";
import { createPipelineEmitter } from "./pipeline-emitter.js";
import type { PipelineEvent } from "./pipeline-events.js";

const event = (sequence: number): PipelineEvent => ({
  type: "execution.started",
  attempt: 0,
  taskId: "t",
  sequence,
  at: sequence,
});

describe("createPipelineEmitter", () => {
  it("delivers every event to every listener in order, and stops after unsubscribing", () => {
    const emitter = createPipelineEmitter();
    const first: number[] = [];
    const second: number[] = [];
    emitter.on((received) => first.push(received.sequence));
    const off = emitter.on((received) => second.push(received.sequence));

    emitter.emit(event(1));
    emitter.emit(event(2));
    off();
    emitter.emit(event(3));

    expect(first).toEqual([1, 2, 3]);
    expect(second).toEqual([1, 2]);
  });

  it("reports a throwing listener and still delivers to the others", () => {
    const failures: string[] = [];
    const emitter = createPipelineEmitter((error, failed) =>
      failures.push(`${failed.sequence}: ${(error as Error).message}`),
    );
    const received: number[] = [];
    emitter.on(() => {
      throw new Error("renderer broke");
    });
    emitter.on((delivered) => received.push(delivered.sequence));

    emitter.emit(event(1));

    expect(failures).toEqual(["1: renderer broke"]);
    expect(received).toEqual([1]);
  });
});
