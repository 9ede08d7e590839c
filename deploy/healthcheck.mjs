// The App image's health check. With a webhook server (`start`, `server`): GET /healthz on
// PORT answers 200 once the queue is up. A worker (`worker`) serves no HTTP, so it is healthy
// while it can reach what it works with: the Postgres server (DATABASE_URL) and the sandbox's
// Docker engine (DOCKER_HOST), each a TCP connection within the time limit.
import { connect } from "node:net";

const TIMEOUT_MS = 4000;
const mode = process.argv[2] ?? process.env.CODEFORGE_APP_MODE ?? "server";

function reach(url, defaultPort) {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port || defaultPort) });
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`${url}: no answer`)));
    socket.once("connect", () => {
      socket.end();
      resolve();
    });
    socket.once("error", reject);
  });
}

try {
  if (mode === "worker") {
    if (process.env.DATABASE_URL) await reach(process.env.DATABASE_URL, 5432);
    if (process.env.DOCKER_HOST?.startsWith("tcp://")) await reach(process.env.DOCKER_HOST, 2376);
  } else {
    const response = await fetch(`http://127.0.0.1:${process.env.PORT ?? 3000}/healthz`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
  }
} catch (error) {
  process.stderr.write(`unhealthy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
