import {
  context,
  createNoopMeter,
  type Meter,
  metrics,
  ProxyTracerProvider,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { PeriodicExportingMetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { NodeSDK } from "@opentelemetry/sdk-node";
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import type { Config } from "../config/config-schema.js";
import { secretsOf } from "../config/secret-settings.js";
import { type CodeForgeMetrics, createCodeForgeMetrics } from "./codeforge-metrics.js";
import { createSecretRedactingSpanProcessor } from "./secret-redacting-span-processor.js";

/** The instrumentation scope name of CodeForge's tracer and meter. */
export const INSTRUMENTATION_NAME = "codeforge";

/** Options of {@link startTelemetry}; the exporters are for tests and custom back ends. */
export interface TelemetryOptions {
  /** Replaces the OTLP/HTTP span exporter (tests pass an `InMemorySpanExporter`). */
  readonly spanExporter?: SpanExporter;
  /** Replaces the OTLP/HTTP metric exporter (tests pass an `InMemoryMetricExporter`). */
  readonly metricExporter?: PushMetricExporter;
  /** How often metrics are pushed. Defaults to 60 s; `flush()` and `shutdown()` push at once. */
  readonly metricExportIntervalMillis?: number;
  /** Reported as `service.version`. */
  readonly serviceVersion?: string;
}

/** Tracing and metrics for one process. */
export interface Telemetry {
  /** False when no OTLP endpoint (and no exporter) is configured: everything is a no-op. */
  readonly enabled: boolean;
  readonly tracer: Tracer;
  readonly meter: Meter;
  readonly metrics: CodeForgeMetrics;
  /** Exports everything recorded so far. */
  flush(): Promise<void>;
  /** Exports what is left and stops; the process's global OpenTelemetry state is reset. */
  shutdown(): Promise<void>;
}

function noopTelemetry(): Telemetry {
  const meter = createNoopMeter();
  return {
    enabled: false,
    // A proxy provider with no delegate hands out the no-op tracer, whatever is registered globally.
    tracer: new ProxyTracerProvider().getTracer(INSTRUMENTATION_NAME),
    meter,
    metrics: createCodeForgeMetrics(meter),
    flush: async () => {},
    shutdown: async () => {},
  };
}

/** `OTEL_EXPORTER_OTLP_ENDPOINT` is a base URL; each signal has its own path under it. */
function signalUrl(endpoint: string, signal: "traces" | "metrics"): string {
  return `${endpoint.replace(/\/+$/, "")}/v1/${signal}`;
}

/**
 * Starts OpenTelemetry through `@opentelemetry/sdk-node` when `telemetry.otlpEndpoint` is
 * set (traces and metrics over OTLP/HTTP, under `telemetry.serviceName`), or when an
 * exporter is passed in `options`; otherwise returns no-op telemetry. Configured secrets
 * (see `secretsOf`) are replaced in span names, attributes, events and status messages. Start it once per
 * process, in a composition root, and pass `tracer` and `metrics` to what records.
 *
 * @example
 * const telemetry = startTelemetry(config);
 * try { await runTask({ ...deps, tracer: telemetry.tracer, metrics: telemetry.metrics }, task); }
 * finally { await telemetry.shutdown(); }
 */
export function startTelemetry(config: Config, options: TelemetryOptions = {}): Telemetry {
  const endpoint = config.telemetry.otlpEndpoint;
  const spanExporter =
    options.spanExporter ??
    (endpoint === undefined
      ? undefined
      : new OTLPTraceExporter({ url: signalUrl(endpoint, "traces") }));
  const metricExporter =
    options.metricExporter ??
    (endpoint === undefined
      ? undefined
      : new OTLPMetricExporter({ url: signalUrl(endpoint, "metrics") }));
  if (spanExporter === undefined && metricExporter === undefined) return noopTelemetry();

  const spanProcessor = spanExporter && new BatchSpanProcessor(spanExporter);
  const metricReader =
    metricExporter &&
    new PeriodicExportingMetricReader({
      exporter: metricExporter,
      exportIntervalMillis: options.metricExportIntervalMillis ?? 60_000,
    });
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.telemetry.serviceName,
      ...(options.serviceVersion === undefined
        ? {}
        : { [ATTR_SERVICE_VERSION]: options.serviceVersion }),
    }),
    // Everything is explicit: no resource detection, propagator or sampler from OTEL_* variables.
    autoDetectResources: false,
    textMapPropagator: null,
    sampler: new AlwaysOnSampler(),
    instrumentations: [],
    // Secrets are removed while a span ends, before the exporting processor sees it.
    spanProcessors: spanProcessor
      ? [createSecretRedactingSpanProcessor(secretsOf(config)), spanProcessor]
      : [],
    metricReaders: metricReader ? [metricReader] : [],
    logRecordProcessors: [],
  });
  sdk.start();

  const meter = metricReader
    ? metrics.getMeter(INSTRUMENTATION_NAME, options.serviceVersion)
    : createNoopMeter();
  const flush = async () => {
    await Promise.all([spanProcessor?.forceFlush(), metricReader?.forceFlush()]);
  };
  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    tracer: trace.getTracer(INSTRUMENTATION_NAME, options.serviceVersion),
    meter,
    metrics: createCodeForgeMetrics(meter),
    flush,
    shutdown: () => {
      stopped ??= (async () => {
        try {
          await sdk.shutdown();
        } finally {
          // Unregister the global providers so a later start in this process can register its own.
          trace.disable();
          metrics.disable();
          context.disable();
        }
      })();
      return stopped;
    },
  };
}
