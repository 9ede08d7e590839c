/**
 * Responses in Anthropic's Messages API wire format, as the API reference documents them,
 * for nock interceptors.
 */

/** Origin of the default Anthropic endpoint. */
export const ANTHROPIC_ORIGIN = "https://api.anthropic.com";

const MODEL = "claude-sonnet-5-5";

type ContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown };

/** A non-streaming `message` object. */
export function anthropicMessage(
  content: readonly ContentBlock[],
  options: {
    stopReason?: "end_turn" | "tool_use" | "max_tokens";
    usage?: { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number };
  } = {},
) {
  const usage = options.usage ?? { input_tokens: 31, output_tokens: 9 };
  return {
    id: "msg_01XFDUDYJgAACzvnptvVoYEL",
    type: "message",
    role: "assistant",
    model: MODEL,
    content,
    stop_reason: options.stopReason ?? "end_turn",
    stop_sequence: null,
    usage: {
      input_tokens: usage.input_tokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
      output_tokens: usage.output_tokens,
      service_tier: "standard",
    },
  };
}

/** A forced tool call carrying `input`. */
export function toolUse(name: string, input: unknown): ContentBlock {
  return { type: "tool_use", id: "toolu_01A09q90qw90lq917835lq9", name, input };
}

/** Response headers Anthropic sends with every answer. */
export function anthropicHeaders(
  requestId = "req_011CSHoEeqs5C35K2UUqR7Fy",
): Record<string, string> {
  return {
    "content-type": "application/json",
    "request-id": requestId,
    "anthropic-organization-id": "4a1b2c3d-0000-4000-8000-000000000000",
  };
}

/** A streamed message: the SSE events from `message_start` to `message_stop`. */
export function anthropicStream(
  block:
    | { type: "text"; deltas: readonly string[] }
    | { type: "tool_use"; name: string; deltas: readonly string[] },
  usage = { input_tokens: 22, output_tokens: 12 },
): string {
  const events: Array<[string, unknown]> = [
    [
      "message_start",
      {
        type: "message_start",
        message: {
          id: "msg_01StreamAbc",
          type: "message",
          role: "assistant",
          model: MODEL,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: {
            input_tokens: usage.input_tokens,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            output_tokens: 1,
          },
        },
      },
    ],
    [
      "content_block_start",
      {
        type: "content_block_start",
        index: 0,
        content_block:
          block.type === "text"
            ? { type: "text", text: "" }
            : { type: "tool_use", id: "toolu_01Stream", name: block.name, input: {} },
      },
    ],
    ["ping", { type: "ping" }],
    ...block.deltas.map((delta): [string, unknown] => [
      "content_block_delta",
      {
        type: "content_block_delta",
        index: 0,
        delta:
          block.type === "text"
            ? { type: "text_delta", text: delta }
            : { type: "input_json_delta", partial_json: delta },
      },
    ]),
    ["content_block_stop", { type: "content_block_stop", index: 0 }],
    [
      "message_delta",
      {
        type: "message_delta",
        delta: {
          stop_reason: block.type === "text" ? "end_turn" : "tool_use",
          stop_sequence: null,
        },
        usage: { output_tokens: usage.output_tokens },
      },
    ],
    ["message_stop", { type: "message_stop" }],
  ];
  return events
    .map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    .join("");
}

/** Anthropic's error body. */
export function anthropicError(type: string, message: string, requestId = "req_011CErr") {
  return { type: "error", error: { type, message }, request_id: requestId };
}
