import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const TSX = import.meta.resolve("tsx");
const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

/** `codeforge-app <command>` running as a child process, from the sources. */
export interface AppProcess {
  child: ChildProcess;
  port: number;
  output(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A fresh RSA private key in PEM, as GitHub hands an App. */
export function generatePrivateKey(): string {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
}

/**
 * Starts the App and resolves once it is up: its webhook server answers /healthz with 200, or,
 * for a worker (no server), it logged that it waits for jobs (at the info level).
 */
export async function startAppProcess(
  command: "start" | "server" | "worker",
  env: Record<string, string>,
  cwd: string,
): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", TSX, "--conditions=source", MAIN, command], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk) => {
    text += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    text += chunk;
  });
  const port = Number(env.PORT);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`codeforge-app exited with ${child.exitCode}:\n${text}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`codeforge-app did not become healthy in 90 s:\n${text}`);
    }
    const healthy =
      command === "worker"
        ? text.includes("worker waiting for jobs")
        : await fetch(`http://127.0.0.1:${port}/healthz`).then(
            (response) => response.ok,
            () => false,
          );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    child,
    port,
    output: () => text,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, "exit")) as [number | null];
      return code;
    },
  };
}
