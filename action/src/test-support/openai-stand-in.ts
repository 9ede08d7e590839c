import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One Chat Completions request the stand-in received. */
export interface ReceivedChat {
  model: string;
  messages: Array<{ role: string; content: string }>;
  authorization: string | undefined;
}

/** An OpenAI-compatible endpoint on 127.0.0.1, as `OPENAI_BASE_URL` lets CodeForge use. */
export interface OpenAiStandIn {
  /** `http://127.0.0.1:<port>/v1`. */
  baseUrl: string;
  received: ReceivedChat[];
  close(): Promise<void>;
}

/**
 * Starts a scripted model reached over HTTP in OpenAI's Chat Completions wire format:
 * `answer` turns each request into the JSON object the model "says"; undefined is a 500.
 */
export async function startOpenAiStandIn(
  answer: (request: ReceivedChat) => unknown,
): Promise<OpenAiStandIn> {
  const received: ReceivedChat[] = [];
  const server: Server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const parsed = JSON.parse(body) as Omit<ReceivedChat, "authorization">;
    const chat = { ...parsed, authorization: request.headers.authorization };
    received.push(chat);
    const reply = answer(chat);
    response.writeHead(reply === undefined ? 500 : 200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        id: `chatcmpl-action${received.length}`,
        object: "chat.completion",
        created: 1_767_225_600,
        model: "gpt-4o-mini-2024-07-18",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: JSON.stringify(reply), refusal: null },
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
