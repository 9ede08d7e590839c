/** The subcommands `/codeforge` understands besides a task. */
export const TRIGGER_SUBCOMMANDS = ["help", "status", "cancel", "fix"] as const;
export type TriggerSubcommand = (typeof TRIGGER_SUBCOMMANDS)[number];

/** The default trigger word. */
export const DEFAULT_TRIGGER = "/codeforge";

/**
 * What a comment asks of CodeForge.
 * - `task`: work on `text`; empty text means the task is the issue itself (title and body).
 * - `fix`: change a PR CodeForge opened, as `text` says.
 * - `help`, `status`, `cancel`: answer or act at once.
 */
export type TriggerCommand =
  | { kind: "task"; text: string }
  | { kind: "fix"; text: string }
  | { kind: "help" }
  | { kind: "status" }
  | { kind: "cancel" };

export function isTriggerSubcommand(word: string): word is TriggerSubcommand {
  return (TRIGGER_SUBCOMMANDS as readonly string[]).includes(word);
}
