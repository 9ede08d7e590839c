import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findCompose } from "./find-compose.js";
import { REPOSITORY_ROOT, repositoryFile } from "./repository-file.js";

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  restart?: string;
  privileged?: boolean;
  profiles?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
}

const compose = parse(repositoryFile("docker-compose.yml"), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const composeCommand = findCompose();

describe("docker-compose.yml", () => {
  it.skipIf(composeCommand === undefined)(
    `is valid for ${composeCommand ? [composeCommand.command, ...composeCommand.args].join(" ") : "Compose (none installed: the structure checks below still run)"}, with and without the ollama profile`,
    () => {
      if (!composeCommand) return;
      for (const profile of [[], ["--profile", "ollama"]]) {
        const result = spawnSync(
          composeCommand.command,
          [...composeCommand.args, "-f", "docker-compose.yml", ...profile, "config", "--services"],
          { cwd: REPOSITORY_ROOT, encoding: "utf8", timeout: 30_000 },
        );
        // Warnings (either implementation words them its own way) do not fail the file.
        expect(result.status, result.stderr).toBe(0);
        // Debian's docker-compose 1.x lists profile services too; the plugin only when enabled.
        const listed = result.stdout.trim().split("\n");
        const always = Object.entries(services)
          .filter(([, service]) => !service.profiles)
          .map(([name]) => name);
        expect(listed).toEqual(expect.arrayContaining(always));
        expect(Object.keys(services)).toEqual(expect.arrayContaining(listed));
        if (profile.length > 0) expect(listed).toContain("ollama");
      }
    },
  );

  it("runs the App's server and workers, Postgres, the sandbox engine, telemetry and an optional Ollama", () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining([
        "server",
        "worker",
        "postgres",
        "sandbox-engine",
        "otel-collector",
        "jaeger",
        "ollama",
      ]),
    );
    expect(services.server?.command).toEqual(["server"]);
    expect(services.worker?.command).toEqual(["worker"]);
    expect(services.server?.build).toBe(".");
    expect(services.ollama?.profiles).toEqual(["ollama"]);
    expect(services.server?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(services.server?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(
      "http://otel-collector:4318",
    );
  });

  it("gives every long-running service a health check", () => {
    for (const [name, service] of Object.entries(services)) {
      const oneShot = service.restart === "no";
      if (oneShot) {
        expect(service.healthcheck?.disable, name).toBe(true);
        continue;
      }
      expect(service.healthcheck?.test?.length, `${name} has no health check`).toBeGreaterThan(0);
    }
  });

  it("runs sandboxes on a Docker engine of their own, never the host's socket", () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        expect(volume, `${name} mounts the host's Docker socket`).not.toContain("docker.sock");
      }
    }
    expect(services["sandbox-engine"]?.image).toMatch(/^docker:[\d.]+-dind$/);
    expect(services.worker?.environment).toMatchObject({
      DOCKER_HOST: "tcp://sandbox-engine:2376",
      DOCKER_TLS_VERIFY: "1",
    });
    expect(services.worker?.depends_on?.["sandbox-engine"]?.condition).toBe("service_healthy");
    expect(services.worker?.depends_on?.migrate?.condition).toBe("service_completed_successfully");
  });

  it("has the collector configuration it mounts, forwarding traces to Jaeger", () => {
    const mounted = services["otel-collector"]?.volumes?.[0]?.split(":")[0] ?? "";
    expect(existsSync(path.join(REPOSITORY_ROOT, mounted))).toBe(true);
    const config = parse(repositoryFile(mounted)) as {
      exporters: Record<string, { endpoint?: string }>;
      service: { pipelines: { traces: { exporters: string[] } } };
    };
    const [exporter] = config.service.pipelines.traces.exporters;
    expect(config.exporters[exporter ?? ""]?.endpoint).toBe("jaeger:4317");
  });
});

describe("Dockerfile (the App image)", () => {
  const dockerfile = repositoryFile("Dockerfile");
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it("builds in stages on Node 24 and runs as a user without privileges", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-/m);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = stages.at(-1) ?? "";
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/^USER root$/m);
    expect(runtime).toMatch(/^ENTRYPOINT \["codeforge-app"\]$/m);
    expect(runtime).toMatch(
      /^HEALTHCHECK .*\n\s+CMD \["node", "\/opt\/codeforge\/deploy\/healthcheck\.mjs"\]/m,
    );
    expect(runtime).toMatch(/npm ci --omit=dev/);
  });

  it("copies only files the build context has", () => {
    for (const [, source] of dockerfile.matchAll(/^COPY (?!--from)(\S+) /gm)) {
      if (source === ".") continue;
      expect(existsSync(path.join(REPOSITORY_ROOT, source ?? "")), source).toBe(true);
    }
  });
});
