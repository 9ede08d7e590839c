import { spawnSync } from "node:child_process";

/** A Compose implementation on this machine: the engine's plugin, or Debian's docker-compose. */
export interface ComposeCommand {
  command: string;
  args: readonly string[];
}

/** `docker compose` when the plugin answers, else `docker-compose`, else undefined. */
export function findCompose(): ComposeCommand | undefined {
  const candidates: ComposeCommand[] = [
    { command: "docker", args: ["compose"] },
    { command: "docker-compose", args: [] },
  ];
  return candidates.find(({ command, args }) => {
    const probe = spawnSync(command, [...args, "version"], { encoding: "utf8", timeout: 20_000 });
    return probe.error === undefined && probe.status === 0;
  });
}
