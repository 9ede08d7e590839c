import type { Config } from "../../config/config-schema.js";
import type { HealthCheckResult } from "../../health/health-check.js";
import type { TaskComplexity } from "../../task/task-complexity.js";
import type { ProviderName } from "../language-model.js";
import { parseModelChoice } from "../routing/model-choice.js";
import { NO_PROVIDER_FIX } from "../routing/no-provider-advice.js";

/** Options of {@link checkProviders}. */
export interface CheckProvidersOptions {
  /** Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** How long each endpoint has to answer. Defaults to 5 000 ms. */
  timeoutMs?: number;
  /** Milliseconds clock for latencies. */
  now?: () => number;
}

const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";
const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com";
const ANTHROPIC_VERSION = "2023-06-01";

type ProvidersConfig = Pick<Config, "providers" | "routing">;

interface Probe {
  ok: boolean;
  status?: number;
  body?: unknown;
  error?: string;
  latencyMs: number;
}

/**
 * The provider checks of `codeforge doctor`, one result per provider that is configured or
 * that a routing tier names, plus one summary:
 *
 * - OpenAI and Anthropic with a key: `GET /models` must answer 200 (the key works, the
 *   endpoint is reachable); required, since a key that is set should work. Without a key but
 *   named by a tier: a failed optional check (the router falls back) telling which variable
 *   to set. Neither set nor named: no line.
 * - Ollama: `GET /api/tags` must answer, and the models the tiers name must be pulled.
 *   Optional while a cloud key is set (the router falls back to it); required when Ollama is
 *   the only provider left.
 * - "LLM providers": required; passes when at least one provider check passed.
 *
 * Details carry the latency; keys never appear in results.
 */
export async function checkProviders(
  config: ProvidersConfig,
  options: CheckProvidersOptions = {},
): Promise<HealthCheckResult[]> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const now = options.now ?? (() => performance.now());
  const tiers = tiersByProvider(config);

  const probe = async (url: string, headers: Record<string, string>): Promise<Probe> => {
    const started = now();
    try {
      const response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
      const text = await response.text();
      return {
        ok: response.ok,
        status: response.status,
        body: safeJson(text),
        latencyMs: Math.round(now() - started),
      };
    } catch (error) {
      const reason =
        error instanceof Error && error.name === "TimeoutError"
          ? `no answer within ${timeoutMs} ms`
          : describeFetchError(error);
      return { ok: false, error: reason, latencyMs: Math.round(now() - started) };
    }
  };

  const checks: Promise<HealthCheckResult>[] = [];
  const { openai, anthropic, ollama } = config.providers;
  const cloudKeySet = Boolean(openai.apiKey || anthropic.apiKey);

  if (openai.apiKey) {
    const baseUrl = trimSlash(openai.baseUrl ?? OPENAI_DEFAULT_BASE_URL);
    const headers: Record<string, string> = { authorization: `Bearer ${openai.apiKey}` };
    if (openai.organization) headers["openai-organization"] = openai.organization;
    checks.push(
      probe(`${baseUrl}/models`, headers).then((result) =>
        cloudResult("OpenAI API", baseUrl, "OPENAI_API_KEY", "OPENAI_BASE_URL", result),
      ),
    );
  } else if (tiers.openai.length > 0) {
    checks.push(
      Promise.resolve(missingKey("OpenAI API", "OPENAI_API_KEY", "openai", tiers.openai)),
    );
  }

  if (anthropic.apiKey) {
    const baseUrl = trimSlash(anthropic.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL);
    checks.push(
      probe(`${baseUrl}/v1/models`, {
        "x-api-key": anthropic.apiKey,
        "anthropic-version": ANTHROPIC_VERSION,
      }).then((result) =>
        cloudResult("Anthropic API", baseUrl, "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", result),
      ),
    );
  } else if (tiers.anthropic.length > 0) {
    checks.push(
      Promise.resolve(
        missingKey("Anthropic API", "ANTHROPIC_API_KEY", "anthropic", tiers.anthropic),
      ),
    );
  }

  const host = trimSlash(ollama.host);
  checks.push(
    probe(`${host}/api/tags`, {}).then((result) =>
      ollamaResult(host, result, config, !cloudKeySet),
    ),
  );

  const results = await Promise.all(checks);
  const usable = results.filter((result) => result.ok).map((result) => result.name);
  results.push({
    name: "LLM providers",
    ok: usable.length > 0,
    required: true,
    detail: usable.length > 0 ? `usable: ${usable.join(", ")}` : "no provider can answer",
    ...(usable.length > 0 ? {} : { fix: noUsableProviderFix(results, cloudKeySet) }),
  });
  return results;
}

/**
 * With a key set, setting one is not the fix: the key was rejected or its endpoint is
 * unreachable, which the failing provider lines above already say how to fix.
 */
function noUsableProviderFix(results: readonly HealthCheckResult[], cloudKeySet: boolean): string {
  if (!cloudKeySet) return NO_PROVIDER_FIX;
  const failing = results.filter((result) => !result.ok).map((result) => result.name);
  return `follow the fix on the ${failing.join(", ")} line${failing.length > 1 ? "s" : ""} above: a key is set, so check that it is valid and that its endpoint is reachable from this machine (network, proxy, base URL)`;
}

function cloudResult(
  name: string,
  baseUrl: string,
  keyVariable: string,
  urlVariable: string,
  probe: Probe,
): HealthCheckResult {
  const base = { name, required: true, durationMs: probe.latencyMs };
  if (probe.ok) {
    const count = listLength(probe.body);
    return {
      ...base,
      ok: true,
      detail: `${baseUrl} answered in ${probe.latencyMs} ms${count === undefined ? "" : `, ${count} models listed`}`,
    };
  }
  if (probe.status === undefined) {
    return {
      ...base,
      ok: false,
      detail: `${baseUrl} is not reachable: ${probe.error}`,
      fix: `check the network connection to ${baseUrl}, or set ${urlVariable} to a reachable endpoint`,
    };
  }
  const code = errorCode(probe.body);
  const detail = `${baseUrl} answered ${probe.status}${code ? ` (${code})` : ""} after ${probe.latencyMs} ms`;
  if (probe.status === 401 || probe.status === 403) {
    return {
      ...base,
      ok: false,
      detail,
      fix: `${keyVariable} was rejected: set it to a valid key`,
    };
  }
  return {
    ...base,
    ok: false,
    detail,
    fix:
      probe.status >= 500 || probe.status === 429
        ? "the provider is having trouble or rate limiting; try again later"
        : `check ${urlVariable}: the endpoint did not list models`,
  };
}

function missingKey(
  name: string,
  keyVariable: string,
  provider: ProviderName,
  tiers: readonly TaskComplexity[],
): HealthCheckResult {
  return {
    name,
    ok: false,
    required: false,
    detail: `${keyVariable} is not set; the ${tiers.join(", ")} tier${tiers.length > 1 ? "s use" : " uses"} ${provider} and will fall back to another provider`,
    fix: `set ${keyVariable}, or route those tiers to another provider (routing.models)`,
  };
}

function ollamaResult(
  host: string,
  probe: Probe,
  config: ProvidersConfig,
  onlyProvider: boolean,
): HealthCheckResult {
  const base = { name: "Ollama", required: onlyProvider, durationMs: probe.latencyMs };
  if (!probe.ok) {
    return {
      ...base,
      ok: false,
      detail: `${host} ${probe.status === undefined ? `is not reachable: ${probe.error}` : `answered ${probe.status}`}${
        onlyProvider ? "" : " (optional: the router falls back to the cloud providers)"
      }`,
      fix: "start Ollama (ollama serve), or set OLLAMA_HOST to where it runs",
    };
  }
  const pulled = ollamaModelNames(probe.body);
  if (!pulled) {
    return {
      ...base,
      ok: false,
      detail: `${host}/api/tags did not answer like Ollama`,
      fix: "set OLLAMA_HOST to an Ollama server",
    };
  }
  const wanted = [
    ...new Set(
      Object.values(config.routing.models)
        .map((reference) => parseModelChoice(reference))
        .filter((choice) => choice.provider === "ollama")
        .map((choice) => choice.model),
    ),
  ];
  const missing = wanted.filter(
    (model) => !pulled.some((name) => name === model || name === `${model}:latest`),
  );
  const detail = `${host} answered in ${probe.latencyMs} ms, ${pulled.length} models pulled`;
  if (missing.length > 0) {
    return {
      ...base,
      ok: false,
      detail: `${detail}; missing: ${missing.join(", ")}`,
      fix: missing.map((model) => `ollama pull ${model}`).join(" && "),
    };
  }
  return { ...base, ok: true, detail };
}

function tiersByProvider(config: ProvidersConfig): Record<ProviderName, TaskComplexity[]> {
  const tiers: Record<ProviderName, TaskComplexity[]> = { openai: [], anthropic: [], ollama: [] };
  for (const [level, reference] of Object.entries(config.routing.models) as [
    TaskComplexity,
    string,
  ][]) {
    tiers[parseModelChoice(reference).provider].push(level);
  }
  return tiers;
}

function listLength(body: unknown): number | undefined {
  const data = (body as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? data.length : undefined;
}

function ollamaModelNames(body: unknown): string[] | undefined {
  const models = (body as { models?: unknown } | undefined)?.models;
  if (!Array.isArray(models)) return undefined;
  return models
    .map((model) => (model as { name?: unknown }).name)
    .filter((name): name is string => typeof name === "string");
}

/** The vendor's error code or type (never its message, which may echo part of a key). */
function errorCode(body: unknown): string | undefined {
  const error = (body as { error?: { code?: unknown; type?: unknown } } | undefined)?.error;
  const code = error?.code ?? error?.type;
  return typeof code === "string" ? code : undefined;
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
