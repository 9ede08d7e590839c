import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createNodeMiddleware, type Probot } from "probot";
import type { TaskQueue } from "../queue/task-queue.js";
import { codeForgeApp } from "../webhook/codeforge-app.js";

/** Options of {@link createAppServer}. */
export interface AppServerOptions {
  probot: Probot;
  queue: TaskQueue;
  trigger?: string;
  /** Defaults to `/api/github/webhooks`. */
  webhookPath?: string;
}

/** The webhook server and how to stop taking webhooks. */
export interface AppServer {
  server: Server;
  /** Stops accepting connections and waits for requests in flight. */
  close(): Promise<void>;
}

/**
 * The HTTP side of the App: Probot's webhook middleware at `/api/github/webhooks` (signatures
 * verified with the webhook secret; an unsigned or wrongly signed delivery is refused before any
 * handler runs) and `GET /healthz`, 200 when the queue's database answers, else 503.
 */
export async function createAppServer(options: AppServerOptions): Promise<AppServer> {
  let closing = false;
  const middleware = await createNodeMiddleware(
    codeForgeApp({
      queue: options.queue,
      ...(options.trigger ? { trigger: options.trigger } : {}),
    }),
    { probot: options.probot, webhooksPath: options.webhookPath ?? "/api/github/webhooks" },
  );
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method === "GET" && request.url?.split("?")[0] === "/healthz") {
      void options.queue.isUp().then((up) => {
        const ok = up && !closing;
        response.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
        response.end(JSON.stringify({ status: ok ? "ok" : closing ? "stopping" : "queue down" }));
      });
      return;
    }
    if (closing) {
      response.writeHead(503, { "content-type": "application/json", connection: "close" });
      response.end(JSON.stringify({ status: "stopping" }));
      return;
    }
    void Promise.resolve(
      middleware(request, response, () => {
        response.writeHead(404, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: "not found" }));
      }),
    ).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  return {
    server,
    close() {
      closing = true;
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
