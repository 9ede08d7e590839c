import { stripHiddenText } from "./strip-hidden-text.js";
import { DEFAULT_TRIGGER, isTriggerSubcommand, type TriggerCommand } from "./trigger-command.js";

/** Options of {@link parseTrigger}. */
export interface ParseTriggerOptions {
  /** The trigger word, e.g. `/codeforge` (the default) or `@bot`. */
  trigger?: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Reads the command in a comment: the first trigger word at a word boundary
 * (case-insensitive; `x/codeforge` and `/codeforgex` do not count) outside code blocks,
 * inline code and quotes, after hidden text is removed. Everything after the trigger, to the
 * end of the comment, is the command. Returns null when the comment does not trigger.
 *
 * @example
 * parseTrigger("/codeforge add a --json flag") // { kind: "task", text: "add a --json flag" }
 * parseTrigger("/CodeForge fix the typo")      // { kind: "fix", text: "the typo" }
 * parseTrigger("> /codeforge help")            // null (a quote)
 */
export function parseTrigger(
  body: string,
  options: ParseTriggerOptions = {},
): TriggerCommand | null {
  const trigger = (options.trigger ?? DEFAULT_TRIGGER).trim();
  if (trigger === "") return null;
  const lines = stripHiddenText(body).replace(/\r\n?/g, "\n").split("\n");
  const pattern = new RegExp(`(^|[^\\w/\\\\-])${escapeRegExp(trigger)}(?![\\w/-])`, "i");
  let fence: string | null = null;
  for (const [index, line] of lines.entries()) {
    const marker = FENCE.exec(line)?.[1];
    if (fence !== null) {
      // A fence closes with the same character, at least as long as the one that opened it.
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) {
        fence = null;
      }
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      continue;
    }
    if (/^ {0,3}>/.test(line) || /^( {4}|\t)/.test(line)) continue;
    const visible = line.replace(/(`+)[\s\S]*?\1/g, (code) => " ".repeat(code.length));
    const match = pattern.exec(visible);
    if (!match) continue;
    const start = match.index + (match[1]?.length ?? 0) + trigger.length;
    const rest = [line.slice(start), ...lines.slice(index + 1)].join("\n").trim();
    return toCommand(rest);
  }
  return null;
}

function toCommand(rest: string): TriggerCommand {
  const first = rest.split(/\s/, 1)[0] ?? "";
  const word = first.toLowerCase().replace(/[:.,!]$/, "");
  if (!isTriggerSubcommand(word)) return { kind: "task", text: rest };
  const text = rest.slice(first.length).trim();
  if (word === "fix") return { kind: "fix", text };
  // `/codeforge help me parse dates` is a task that starts with a verb, not the help command.
  return text === "" ? { kind: word } : { kind: "task", text: rest };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
