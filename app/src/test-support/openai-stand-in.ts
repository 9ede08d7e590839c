import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** An OpenAI-compatible endpoint on 127.0.0.1 answering Chat Completions from a script, as OPENAI_BASE_URL allows. */
export interface OpenAIStandIn {
  baseUrl: string;
  received: unknown[];
  /** Answers from the request body instead of its index from now on. */
  answerBy(answer: (body: unknown) => object | undefined): void;
  close(): Promise<void>;
}

/**
 * Starts the stand-in; `answer(index)` gives the JSON object of the index-th completion, or
 * `"hang"` for a request that is never answered (a run caught mid-job).
 */
export async function startOpenAIStandIn(
  answer: (index: number) => object | "hang" | undefined,
): Promise<OpenAIStandIn> {
  const received: unknown[] = [];
  let byBody: ((body: unknown) => object | undefined) | undefined;
  const server: Server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const parsed: unknown = JSON.parse(body);
    received.push(parsed);
    const reply = byBody ? byBody(parsed) : answer(received.length - 1);
    if (reply === "hang") return;
    response.writeHead(reply ? 200 : 500, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        id: `chatcmpl-app${received.length}`,
        object: "chat.completion",
        created: 1_767_225_600,
        model: "gpt-4o-mini-2024-07-18",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: JSON.stringify(reply ?? {}), refusal: null },
            logprobs: null,
            finish_reason: "stop",
          },
        ],
        usage: { prompt_tokens: 400, completion_tokens: 150, total_tokens: 550 },
      }),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    answerBy(next) {
      byBody = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
