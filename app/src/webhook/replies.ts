import { DEFAULT_TRIGGER } from "@codeforge/github";

/** The help reply: every command, and who may use them. */
export function helpReply(trigger = DEFAULT_TRIGGER): string {
  return [
    "**CodeForge commands**",
    "",
    `- \`${trigger} <task>\` — work on the task and open a pull request with tested changes`,
    `- \`${trigger}\` alone — the task is this issue (its title and body)`,
    `- \`${trigger} fix <instruction>\` — on a pull request CodeForge opened: push a fix to its branch`,
    `- \`${trigger} status\` — where this thread's job is`,
    `- \`${trigger} cancel\` — stop this thread's job`,
    `- \`${trigger} help\` — this message`,
    "",
    "Only people with write access to the repository can start work. Settings (models, budgets, retries, the test command) go in `.github/codeforge.yml` on the default branch.",
  ].join("\n");
}

/** The one polite reply to someone without write access. */
export function permissionReply(login: string, permission: string): string {
  return `Sorry @${login}, CodeForge only takes commands from people with write access to this repository (yours is \`${permission}\`). Ask a maintainer to comment the command for you.`;
}

/** The reply to a command that waits behind another job of the same thread. */
export function queuedReply(ahead: number): string {
  return `Queued: ${ahead === 1 ? "one job is" : `${ahead} jobs are`} ahead of this one in this thread; it starts when ${ahead === 1 ? "that one ends" : "they end"}.`;
}
