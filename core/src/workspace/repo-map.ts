import { countTokens as countO200kTokens } from "gpt-tokenizer";
import { importCandidates, isOutlined, outlineFile } from "./extract-definitions.js";
import type { WorkspaceSnapshot } from "./workspace-snapshot.js";

/** What a repo map is made for, and how big it may be. */
export interface RepoMapOptions {
  /** The task's text: its names and words rank the files. */
  task: string;
  /** Token budget of the map; default {@link DEFAULT_REPO_MAP_TOKENS}. */
  maxTokens?: number;
  /** Token counter; default gpt-tokenizer's (o200k), as the rest of CodeForge counts. */
  countTokens?: (text: string) => number;
}

/** A repo map: the text for a prompt and what it holds. */
export interface RepoMap {
  text: string;
  tokens: number;
  /** The files it shows, most relevant first. */
  files: string[];
  /** Files of the repository it leaves out to stay within the budget. */
  omittedFiles: number;
}

/** The default token budget of a repo map. */
export const DEFAULT_REPO_MAP_TOKENS = 1_024;

const STOP_WORDS = new Set(
  "the a an and or of to in on for with from into by at as is are be it this that add new make use when should must can file files function functions test tests code fix bug please".split(
    " ",
  ),
);
const DAMPING = 0.85;
const ITERATIONS = 30;

/**
 * A map of a repository for a planner's prompt, in the spirit of Aider's repo map: every
 * file's path with its top-level definitions (Python and JavaScript/TypeScript), ranked
 * by relevance to the task and cut to a token budget. A file ranks up when the task names
 * one of its definitions or words of its path, and when relevant files import it (a
 * personalised PageRank over the import graph). Files that do not fit are shown as their
 * path alone, then left out. Vendored and unread files are not shown.
 *
 * @example
 * const map = buildRepoMap(snapshot, { task: "add a parse_duration helper to utils/time.py" });
 * map.text; // "utils/time.py:\n  def format_duration(seconds)\n…"
 */
export function buildRepoMap(snapshot: WorkspaceSnapshot, options: RepoMapOptions): RepoMap {
  const count = options.countTokens ?? countO200kTokens;
  const budget = options.maxTokens ?? DEFAULT_REPO_MAP_TOKENS;
  const files = snapshot.files.filter((file) => file.content !== null);
  const paths = new Set(files.map((file) => file.path));
  const outlines = new Map(
    files.map((file) => [file.path, outlineFile(file.path, file.content ?? "")] as const),
  );
  const taskNames = new Set(
    [...options.task.matchAll(/[A-Za-z_][\w]*/g)].map((match) => match[0].toLowerCase()),
  );
  const taskWords = new Set([...taskNames].flatMap(words).filter((word) => !STOP_WORDS.has(word)));

  const weight = new Map<string, number>();
  for (const file of files) {
    const outline = outlines.get(file.path);
    const names = outline?.names ?? [];
    let score = isOutlined(file.path) ? 1 : 0.3;
    score += 10 * names.filter((name) => taskNames.has(name.toLowerCase())).length;
    const pathWords = new Set(words(file.path));
    score += 5 * [...pathWords].filter((word) => taskWords.has(word)).length;
    const nameWords = new Set(names.flatMap(words));
    score += [...nameWords].filter((word) => taskWords.has(word) && !pathWords.has(word)).length;
    if (options.task.includes(file.path)) score += 20;
    weight.set(file.path, score);
  }

  const imports = new Map<string, string[]>();
  for (const [path, outline] of outlines) {
    const targets = new Set<string>();
    for (const specifier of outline.imports) {
      const target = importCandidates(path, specifier).find((candidate) => paths.has(candidate));
      if (target !== undefined && target !== path) targets.add(target);
    }
    imports.set(path, [...targets]);
  }
  const rank = personalisedPageRank([...paths], imports, weight);
  const ordered = [...paths].sort(
    (a, b) => (rank.get(b) ?? 0) - (rank.get(a) ?? 0) || (a < b ? -1 : 1),
  );

  const blocks: { path: string; text: string }[] = [];
  let used = 0;
  for (const path of ordered) {
    const definitions = outlines.get(path)?.definitions ?? [];
    const full =
      definitions.length > 0
        ? `${path}:\n${definitions.map((line) => `  ${line}`).join("\n")}\n`
        : `${path}\n`;
    for (const text of full === `${path}\n` ? [full] : [full, `${path}\n`]) {
      const tokens = count(text);
      if (used + tokens <= budget) {
        blocks.push({ path, text });
        used += tokens;
        break;
      }
    }
  }
  // Token counts of pieces need not add up exactly: cut until the whole fits.
  let text = blocks.map((block) => block.text).join("");
  let tokens = count(text);
  while (tokens > budget && blocks.length > 0) {
    blocks.pop();
    text = blocks.map((block) => block.text).join("");
    tokens = count(text);
  }
  return {
    text,
    tokens,
    files: blocks.map((block) => block.path),
    omittedFiles: paths.size - blocks.length,
  };
}

/** Lower-case words of a name or path: `parse_duration`, `parseDuration`, `utils/time.py`. */
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 3);
}

function personalisedPageRank(
  nodes: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
  weight: ReadonlyMap<string, number>,
): Map<string, number> {
  const total = nodes.reduce((sum, node) => sum + (weight.get(node) ?? 0), 0) || 1;
  const personal = new Map(nodes.map((node) => [node, (weight.get(node) ?? 0) / total]));
  let rank = new Map(personal);
  for (let iteration = 0; iteration < ITERATIONS; iteration += 1) {
    const next = new Map(nodes.map((node) => [node, (1 - DAMPING) * (personal.get(node) ?? 0)]));
    for (const node of nodes) {
      const share = rank.get(node) ?? 0;
      const targets = edges.get(node) ?? [];
      // A file that imports nothing hands its rank back by relevance.
      const spread =
        targets.length > 0
          ? targets.map((target) => [target, 1 / targets.length] as const)
          : nodes.map((target) => [target, personal.get(target) ?? 0] as const);
      for (const [target, part] of spread) {
        next.set(target, (next.get(target) ?? 0) + DAMPING * share * part);
      }
    }
    rank = next;
  }
  return rank;
}
