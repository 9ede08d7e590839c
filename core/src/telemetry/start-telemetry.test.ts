import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SpanStatusCode } from "@opentelemetry/api";
import {
  AggregationTemporality,
  type DataPoint,
  InMemoryMetricExporter,
  type MetricData,
} from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config/load-config.js";
import { METRIC_NAMES } from "./codeforge-metrics.js";
import { startTelemetry, type Telemetry } from "./start-telemetry.js";
import { withSpan } from "./with-span.js";

const config = loadConfig({ env: { OTEL_SERVICE_NAME: "codeforge-test" } });

describe("startTelemetry", () => {
  let telemetry: Telemetry | undefined;
  afterEach(async () => {
    await telemetry?.shutdown();
    telemetry = undefined;
  });

  it("is a no-op without an OTLP endpoint, and spans still run their work", async () => {
    telemetry = startTelemetry(config);

    const result = await withSpan(
      telemetry.tracer,
      "task",
      { "codeforge.task.id": "t1" },
      (span) => {
        expect(span.isRecording()).toBe(false);
        return 42;
      },
    );
    telemetry.metrics.countTask("completed");
    telemetry.metrics.recordLlmUsage({
      model: "openai/gpt-4o",
      inputTokens: 1,
      outputTokens: 2,
      costUsd: 0.1,
    });
    await telemetry.flush();

    expect(telemetry.enabled).toBe(false);
    expect(result).toBe(42);
  });

  it("exports nested spans with attributes, errors and the service name", async () => {
    const spans = new InMemorySpanExporter();
    telemetry = startTelemetry(config, { spanExporter: spans, serviceVersion: "1.2.3" });
    const { tracer } = telemetry;

    await withSpan(tracer, "task.run", { "codeforge.task.id": "t1" }, async () => {
      await withSpan(tracer, "agent.coder", { "codeforge.agent": "coder" }, async () => "code");
      await expect(
        withSpan(tracer, "sandbox.execute", {}, () => {
          throw new Error("container exited 137");
        }),
      ).rejects.toThrow("container exited 137");
    });
    await telemetry.flush();

    const finished = spans.getFinishedSpans();
    const byName = new Map(finished.map((span) => [span.name, span]));
    const root = byName.get("task.run");
    const coder = byName.get("agent.coder");
    const sandbox = byName.get("sandbox.execute");
    expect(telemetry.enabled).toBe(true);
    expect(root?.attributes["codeforge.task.id"]).toBe("t1");
    expect(root?.parentSpanContext).toBeUndefined();
    expect(coder?.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
    expect(sandbox?.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
    expect(sandbox?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: "container exited 137",
    });
    expect(sandbox?.events.map((event) => event.name)).toEqual(["exception"]);
    expect(coder?.status.code).toBe(SpanStatusCode.UNSET);
    expect(root?.resource.attributes["service.name"]).toBe("codeforge-test");
    expect(root?.resource.attributes["service.version"]).toBe("1.2.3");
  });

  it("removes configured secrets from spans before they are exported", async () => {
    const key = "sk-proj-secret-0123456789abcdef";
    const withKey = loadConfig({ env: { OPENAI_API_KEY: key } });
    const spans = new InMemorySpanExporter();
    telemetry = startTelemetry(withKey, { spanExporter: spans });

    await expect(
      withSpan(
        telemetry.tracer,
        `call ${key}`,
        { "http.request.header": [`Bearer ${key}`] },
        (span) => {
          span.addEvent("request", { url: `https://api.example/?key=${key}` });
          throw new Error(`401 Incorrect API key provided: ${key}`);
        },
      ),
    ).rejects.toThrow(key);
    await telemetry.flush();

    const [span] = spans.getFinishedSpans();
    const exported = JSON.stringify([span?.name, span?.attributes, span?.events, span?.status]);
    expect(exported).toContain("Incorrect API key provided: [REDACTED]");
    expect(exported).toContain("exception");
    expect(exported).not.toContain(key);
  });

  it("records the seed's metrics with their attributes", async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    telemetry = startTelemetry(config, { metricExporter: exporter });
    const { metrics } = telemetry;

    metrics.countTask("completed");
    metrics.countTask("completed");
    metrics.countTask("failed");
    metrics.recordTaskDuration(1_500, "completed");
    metrics.recordAgentDuration("planner", 200);
    metrics.recordLlmUsage({
      model: "openai/gpt-4o-mini",
      inputTokens: 120,
      outputTokens: 30,
      costUsd: 0.25,
      agent: "coder",
    });
    metrics.recordLlmUsage({
      model: "openai/gpt-4o-mini",
      inputTokens: 80,
      outputTokens: 10,
      costUsd: 0.5,
    });
    metrics.countRepairAttempt("fixed");
    metrics.recordSandboxExecution(320, { language: "python", outcome: "passed" });
    await telemetry.flush();

    const exported = new Map<string, MetricData>();
    for (const resourceMetrics of exporter.getMetrics()) {
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) exported.set(metric.descriptor.name, metric);
      }
    }
    const points = (name: string) => (exported.get(name)?.dataPoints ?? []) as DataPoint<unknown>[];
    const sum = (name: string, match: Record<string, string>) =>
      points(name)
        .filter((point) =>
          Object.entries(match).every(([key, value]) => point.attributes[key] === value),
        )
        .reduce((total, point) => total + (point.value as number), 0);

    expect(sum(METRIC_NAMES.tasks, { status: "completed" })).toBe(2);
    expect(sum(METRIC_NAMES.tasks, { status: "failed" })).toBe(1);
    expect(
      sum(METRIC_NAMES.llmTokens, { model: "openai/gpt-4o-mini", "token.type": "input" }),
    ).toBe(200);
    expect(sum(METRIC_NAMES.llmTokens, { "token.type": "output" })).toBe(40);
    expect(sum(METRIC_NAMES.llmCost, { model: "openai/gpt-4o-mini" })).toBeCloseTo(0.75);
    expect(sum(METRIC_NAMES.repairAttempts, { outcome: "fixed" })).toBe(1);
    const histogramSum = (name: string) =>
      (points(name)[0]?.value as { sum: number; count: number } | undefined)?.sum;
    expect(histogramSum(METRIC_NAMES.taskDuration)).toBe(1_500);
    expect(points(METRIC_NAMES.agentDuration)[0]?.attributes).toEqual({ agent: "planner" });
    expect(histogramSum(METRIC_NAMES.sandboxExecutionTime)).toBe(320);
    expect(points(METRIC_NAMES.sandboxExecutionTime)[0]?.attributes).toEqual({
      language: "python",
      outcome: "passed",
    });
    expect(exported.get(METRIC_NAMES.llmCost)?.descriptor.unit).toBe("USD");
  });

  describe("with an OTLP endpoint", () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    });

    it("sends traces and metrics to <endpoint>/v1/traces and /v1/metrics", async () => {
      const received: { path: string; body: string }[] = [];
      server = createServer((request: IncomingMessage, response) => {
        let body = "";
        request.on("data", (chunk) => {
          body += String(chunk);
        });
        request.on("end", () => {
          received.push({ path: request.url ?? "", body });
          response.writeHead(200, { "content-type": "application/json" }).end("{}");
        });
      });
      await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as AddressInfo).port;
      const withEndpoint = loadConfig({
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/`,
          OTEL_SERVICE_NAME: "cf-otlp",
        },
      });
      telemetry = startTelemetry(withEndpoint);

      await withSpan(telemetry.tracer, "task.run", {}, () => undefined);
      telemetry.metrics.countTask("completed");
      await telemetry.shutdown();

      const paths = received.map((request) => request.path).sort();
      expect(paths).toEqual(["/v1/metrics", "/v1/traces"]);
      const traces = received.find((request) => request.path === "/v1/traces")?.body ?? "";
      expect(traces).toContain("task.run");
      expect(traces).toContain("cf-otlp");
    });
  });
});
