import type { Writable } from "node:stream";
import type { AgentName, PipelineEvent, PipelineListener, TaskResult } from "@codeforge/core";
import { createColors } from "picocolors";
import { fixDiff } from "./fix-diff.js";
import { formatDuration, formatTokens, formatUsd } from "./format.js";

/** Options of {@link createProgressRenderer}. */
export interface ProgressRendererOptions {
  stream: Writable;
  /** On a terminal: colours, symbols, and a step's start line replaced by its end line. */
  tty: boolean;
  /** Lines of a fix's diff shown before it is cut; default 40. */
  maxDiffLines?: number;
}

const STEP_NAMES: Readonly<Record<AgentName, string>> = {
  classifier: "classify",
  planner: "plan",
  coder: "code",
  reviewer: "review",
};

/**
 * Renders pipeline events as progress: each step as it starts and ends (duration, tokens,
 * cost), the program's output as it streams, for each repair the root cause, confidence and
 * a diff of the fix, and a final summary. On a terminal it uses colours and symbols; else
 * plain lines that read well in a log.
 */
export function createProgressRenderer(options: ProgressRendererOptions): PipelineListener {
  const { stream, tty } = options;
  const color = createColors(tty);
  const maxDiffLines = options.maxDiffLines ?? 40;
  const symbols = tty
    ? {
        ok: color.green("✓"),
        fail: color.red("✗"),
        start: color.cyan("▸"),
        repair: color.yellow("⟳"),
        bar: color.dim("│"),
      }
    : { ok: "ok", fail: "FAIL", start: "..", repair: "fix", bar: "|" };
  let startLinePending = false;
  const partial: Record<string, string> = { stdout: "", stderr: "" };

  const write = (line: string) => {
    stream.write(`${line}\n`);
    startLinePending = false;
  };
  const replaceStart = (line: string) => {
    // The start line is still the last one on screen: overwrite it with the result.
    if (tty && startLinePending) stream.write("\u001b[1A\u001b[2K");
    write(line);
  };
  const step = (name: string) => name.padEnd(8);
  const stats = (durationMs: number, tokens?: number, costUsd?: number) =>
    color.dim(
      [
        tokens ? formatTokens(tokens) : undefined,
        costUsd ? formatUsd(costUsd) : undefined,
        formatDuration(durationMs),
      ]
        .filter(Boolean)
        .join(" · "),
    );
  const outputLine = (streamName: string, text: string) => {
    const body = streamName === "stderr" && tty ? color.red(text) : text;
    write(`    ${symbols.bar} ${body}`);
  };
  const flushOutput = () => {
    for (const streamName of ["stdout", "stderr"]) {
      if (partial[streamName]) outputLine(streamName, partial[streamName] as string);
      partial[streamName] = "";
    }
  };
  const summary = (result: TaskResult) => {
    const repairs = `${result.retryCount} ${result.retryCount === 1 ? "repair" : "repairs"}`;
    const facts = [
      formatDuration(result.totalTimeMs),
      repairs,
      formatTokens(result.totalTokens),
      formatUsd(result.totalCostUsd),
      result.modelUsed ?? undefined,
    ].filter(Boolean);
    if (result.status === "completed") {
      write(`${symbols.ok} ${color.bold("Completed")} ${color.dim(`in ${facts.join(" · ")}`)}`);
    } else {
      write(
        `${symbols.fail} ${color.bold(`Failed (${result.stopReason.replace("_", " ")})`)} ${color.dim(`after ${facts.join(" · ")}`)}`,
      );
      for (const line of (result.errorMessage ?? "").split("\n")) write(`  ${line}`);
    }
    write(color.dim(`  task ${result.taskId}`));
  };

  const handlers: {
    [Type in PipelineEvent["type"]]?: (event: Extract<PipelineEvent, { type: Type }>) => void;
  } = {
    "task.started": (event) =>
      write(
        `${color.bold("CodeForge")} ${color.dim(`task ${event.taskId.slice(0, 8)} · ${event.language}`)}`,
      ),
    "baseline.completed": (event) => {
      const how = event.passed
        ? `${event.tests} tests pass before any change`
        : `the tests fail before any change (${event.failing.length} failing of ${event.tests}): the goal is no new failures`;
      write(
        `  ${event.passed ? symbols.ok : symbols.fail} ${step("baseline")} ${how}  ${stats(event.durationMs)}`,
      );
    },
    "agent.started": (event) => {
      write(`  ${symbols.start} ${step(STEP_NAMES[event.agent])} ${event.detail ?? ""}`.trimEnd());
      startLinePending = true;
    },
    "agent.completed": (event) => {
      const detail =
        event.agent === "classifier"
          ? `${event.complexity ?? ""} → ${event.model ?? ""}`
          : event.calls === 0
            ? `${event.detail ?? ""} (no model call)`
            : `${event.detail ?? ""}${event.calls > 1 ? ` (re-asked: ${event.calls} calls)` : ""}`;
      const failed = event.ok === false ? ` failed: ${event.error ?? "error"}` : "";
      replaceStart(
        `  ${event.ok === false ? symbols.fail : symbols.ok} ${step(STEP_NAMES[event.agent])} ${detail.trim()}${failed}  ${stats(event.durationMs, event.inputTokens + event.outputTokens, event.costUsd)}`,
      );
    },
    "execution.started": (event) => {
      write(`  ${symbols.start} ${step("run")} attempt ${event.attempt + 1}`);
      startLinePending = true;
    },
    "execution.output": (event) => {
      const text = (partial[event.stream] ?? "") + event.chunk;
      const lines = text.split("\n");
      partial[event.stream] = lines.pop() ?? "";
      for (const line of lines) outputLine(event.stream, line);
    },
    "execution.completed": (event) => {
      flushOutput();
      const result = event.result;
      const how = event.passed
        ? "passed"
        : result.timedOut
          ? "timed out"
          : result.oomKilled
            ? "ran out of memory"
            : result.blocked
              ? "blocked by the guard"
              : `failed (exit code ${result.exitCode ?? "none"})`;
      replaceStart(
        `  ${event.passed ? symbols.ok : symbols.fail} ${step("run")} attempt ${event.attempt + 1} ${how}  ${stats(result.durationMs)}`,
      );
    },
    "repair.fix_applied": (event) => {
      const review = event.review;
      write(
        `  ${symbols.repair} ${step("repair")} ${event.retry}: ${color.bold(review.error_type)} ${review.root_cause} ${color.dim(`(confidence ${review.confidence.toFixed(2)})`)}`,
      );
      if (review.fix_description) write(`    ${color.dim(review.fix_description)}`);
      const diff = [
        ...fixDiff(event.previousCode, event.code),
        ...(event.previousTests === event.tests ? [] : fixDiff(event.previousTests, event.tests)),
      ];
      for (const line of diff.slice(0, maxDiffLines)) {
        const text =
          line.kind === "added"
            ? color.green(line.text)
            : line.kind === "removed"
              ? color.red(line.text)
              : line.kind === "hunk"
                ? color.cyan(line.text)
                : color.dim(line.text);
        write(`    ${text}`);
      }
      if (diff.length > maxDiffLines)
        write(color.dim(`    … ${diff.length - maxDiffLines} more diff lines`));
    },
    "task.completed": (event) => summary(event.result),
    "task.failed": (event) => {
      flushOutput();
      summary(event.result);
    },
  };

  return (event) => {
    const handler = handlers[event.type] as ((event: PipelineEvent) => void) | undefined;
    handler?.(event);
  };
}
