import { StringDecoder } from "node:string_decoder";
import type { OutputStream } from "@codeforge/core";

/** What {@link OutputCollector} hands back when the program is done. */
export interface CollectedOutput {
  stdout: string;
  stderr: string;
  /** True when either stream passed the cap and the rest was dropped. */
  truncated: boolean;
}

const HEADER_BYTES = 8;
const STREAM_TYPES: Readonly<Record<number, OutputStream>> = { 1: "stdout", 2: "stderr" };

/**
 * Reads the multiplexed output of a Docker attach stream (no TTY: 8-byte frame headers
 * `[type, 0, 0, 0, size(uint32 BE)]` followed by the payload) and keeps at most
 * `limitBytes` of each of stdout and stderr. Bytes past the cap are counted and dropped
 * as they arrive, so the host holds at most the cap per stream plus one chunk, however
 * much the program prints.
 *
 * @example
 * const collector = new OutputCollector(1024 * 1024);
 * attachStream.on("data", (chunk) => collector.push(chunk));
 * attachStream.on("end", () => console.log(collector.result().stdout));
 */
export class OutputCollector {
  private readonly limitBytes: number;
  private readonly onOutput: ((stream: OutputStream, chunk: string) => void) | undefined;
  private readonly kept: Record<OutputStream, Buffer[]> = { stdout: [], stderr: [] };
  private readonly keptBytes: Record<OutputStream, number> = { stdout: 0, stderr: 0 };
  private readonly decoders: Record<OutputStream, StringDecoder> = {
    stdout: new StringDecoder("utf8"),
    stderr: new StringDecoder("utf8"),
  };
  private header = Buffer.alloc(0);
  private frameStream: OutputStream | undefined;
  private frameRemaining = 0;
  private dropped = false;

  /** What `onOutput` threw, if it threw; later output is no longer passed to it. */
  listenerError: { error: unknown } | undefined;

  constructor(limitBytes: number, onOutput?: (stream: OutputStream, chunk: string) => void) {
    this.limitBytes = limitBytes;
    this.onOutput = onOutput;
  }

  /** Feeds one chunk of the attach stream; frames may span chunks. */
  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.frameRemaining === 0) {
        const needed = HEADER_BYTES - this.header.length;
        const part = chunk.subarray(offset, offset + needed);
        this.header =
          this.header.length === 0 ? Buffer.from(part) : Buffer.concat([this.header, part]);
        offset += part.length;
        if (this.header.length < HEADER_BYTES) return;
        const type = this.header.readUInt8(0);
        this.frameStream = STREAM_TYPES[type];
        this.frameRemaining = this.header.readUInt32BE(4);
        this.header = Buffer.alloc(0);
        continue;
      }
      const take = Math.min(this.frameRemaining, chunk.length - offset);
      const payload = chunk.subarray(offset, offset + take);
      offset += take;
      this.frameRemaining -= take;
      // Type 0 (stdin echo) and unknown types carry nothing we keep.
      if (this.frameStream) this.keep(this.frameStream, payload);
    }
  }

  /** The output kept so far, decoded as UTF-8 (malformed bytes become U+FFFD). */
  result(): CollectedOutput {
    return {
      stdout: Buffer.concat(this.kept.stdout).toString("utf8"),
      stderr: Buffer.concat(this.kept.stderr).toString("utf8"),
      truncated: this.dropped,
    };
  }

  private keep(stream: OutputStream, payload: Buffer): void {
    const room = this.limitBytes - this.keptBytes[stream];
    if (payload.length > room) this.dropped = true;
    if (room <= 0) return;
    const part = payload.length > room ? payload.subarray(0, room) : payload;
    // Copy: the attach stream may reuse its buffers.
    this.kept[stream].push(Buffer.from(part));
    this.keptBytes[stream] += part.length;
    if (this.onOutput && this.listenerError === undefined) {
      const text = this.decoders[stream].write(part);
      try {
        if (text.length > 0) this.onOutput(stream, text);
      } catch (error) {
        // Thrown inside a stream event it would crash the process before the container
        // is removed; the executor rethrows it once the run is cleaned up.
        this.listenerError = { error };
      }
    }
  }
}
