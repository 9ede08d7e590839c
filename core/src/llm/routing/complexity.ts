import type { z } from "zod";
import type { RoutingConfigSchema } from "../../config/config-schema.js";
import type { TaskComplexity } from "../../task/task-complexity.js";

/** The routing section of the configuration. */
export type RoutingConfig = z.infer<typeof RoutingConfigSchema>;

/** What the classifier decided and why. */
export interface ComplexityAssessment {
  /** The tier; each has its own model. */
  level: TaskComplexity;
  /** 0 (trivial) .. 1 (very hard). */
  score: number;
  /** 0..1: how sure the classifier is of the level. */
  confidence: number;
  reasoning: string;
  /** Which classifier answered. `heuristic` also when the LLM classifier failed. */
  source: "heuristic" | "llm";
  /** Names of the indicators the heuristic found, by kind. */
  indicators: Record<TaskComplexity, string[]>;
}

interface Indicator {
  name: string;
  pattern: RegExp;
  /** How far the indicator moves the score; simple indicators lower it. */
  weight: number;
}

/** Signs of a small, self-contained task. */
const SIMPLE_INDICATORS: readonly Indicator[] = [
  { name: "hello world", weight: 0.1, pattern: /\bhello,?\s+world\b/i },
  { name: "print", weight: 0.1, pattern: /\bprints?\b/i },
  { name: "fizzbuzz", weight: 0.1, pattern: /\bfizz\s*buzz\b/i },
  {
    name: "single function",
    weight: 0.1,
    pattern: /\b(a|one|single|simple)\s+(python\s+|small\s+)?function\b/i,
  },
  {
    name: "basic math",
    weight: 0.1,
    pattern:
      /\b(add|sum|subtract|multiply|divide|average|factorial|fibonacci|prime|even|odd|square|max(imum)?|min(imum)?|gcd|celsius|fahrenheit)\b/i,
  },
  {
    name: "basic string work",
    weight: 0.1,
    pattern:
      /\b(reverse[sd]?|palindromes?|vowels?|uppercase|lowercase|capitali[sz]e|anagrams?|concatenate|count (the )?(words|characters|letters))\b/i,
  },
  { name: "simple", weight: 0.1, pattern: /\b(simple|basic|trivial|easy)\b/i },
];

/** Signs of a task of some substance, short of a system. */
const MEDIUM_INDICATORS: readonly Indicator[] = [
  { name: "file handling", weight: 0.07, pattern: /\b(files?|csv|json|yaml|xml)\b/i },
  { name: "parsing", weight: 0.07, pattern: /\b(parse|parser|regex|regular expression)s?\b/i },
  {
    name: "data structure",
    weight: 0.07,
    pattern: /\b(class|linked list|tree|graph|stack|queue|hash ?map|matrix)\b/i,
  },
  {
    name: "algorithm",
    weight: 0.07,
    pattern: /\b(sort|search|recursion|recursive|dynamic programming|algorithm)\b/i,
  },
  { name: "tests", weight: 0.07, pattern: /\b(unit )?tests?\b/i },
];

/** Signs of a system: several parts, services, or hard problems. */
const HARD_INDICATORS: readonly Indicator[] = [
  {
    name: "multiple files",
    weight: 0.14,
    pattern:
      /\b(multiple|several|many)\s+(files|modules|services|components)\b|\bmulti-?(file|module)\b/i,
  },
  {
    name: "database",
    weight: 0.14,
    pattern: /\b(database|sql|postgres(ql)?|mysql|sqlite|mongo(db)?|redis|orm)\b/i,
  },
  {
    name: "api",
    weight: 0.12,
    pattern: /\b(api|rest(ful)?|graphql|endpoints?|http server|web server|websockets?)\b/i,
  },
  {
    name: "concurrency",
    weight: 0.15,
    pattern:
      /\b(concurren(t|cy)|parallel(ism)?|threads?|multithread(ed|ing)?|async(hronous)?|workers?|processes|locks?|race conditions?)\b/i,
  },
  {
    name: "distributed",
    weight: 0.2,
    pattern:
      /\b(distributed|cluster|microservices?|message queue|kafka|sharding|replication|consensus)\b/i,
  },
  {
    name: "optimisation",
    weight: 0.1,
    pattern:
      /\b(optimi[sz](e|ed|es|ing|ation)|performance|scalab(le|ility)|efficient(ly)?|caching)\b/i,
  },
  {
    name: "machine learning",
    weight: 0.2,
    pattern:
      /\b(machine learning|neural network|deep learning|train(ing)? (a |an )?(model|classifier)|hyperparameters?|transformer)\b/i,
  },
  {
    name: "robustness",
    weight: 0.1,
    pattern:
      /\b(rate limit(ing|er)?|retry|retries|fault[- ]toleran(t|ce)|backoff|authentication|authori[sz]ation)\b/i,
  },
  {
    name: "system",
    weight: 0.1,
    pattern:
      /\b(architecture|framework|pipeline|scraper|crawler|compiler|interpreter|full[- ]stack|backend|frontend)\b/i,
  },
];

const BASE_SCORE = 0.35;
/** Added once when two or more hard indicators meet: their parts have to work together. */
const COMBINED_HARD_BONUS = 0.1;
const SHORT_PROMPT_WORDS = 12;
const LONG_PROMPT_WORDS = 60;
const VERY_LONG_PROMPT_WORDS = 150;
const MANY_SENTENCES = 4;

/**
 * Classifies a task by keywords, length and sentence count: the seed's heuristic. Each
 * simple indicator lowers a neutral score of 0.35, each medium or hard one raises it by its
 * weight (two or more hard ones together add a bonus), short prompts lower it and long
 * prompts with many sentences raise it; the score (0..1) is
 * compared with `simpleThreshold` and `complexThreshold`. The confidence grows with the
 * distance of the score from the nearest threshold and with the number of indicators found.
 *
 * @example classifyComplexity("Write a hello world program", config.routing).level // "simple"
 */
export function classifyComplexity(
  prompt: string,
  routing: Pick<RoutingConfig, "simpleThreshold" | "complexThreshold">,
): ComplexityAssessment {
  const found = (indicators: readonly Indicator[]) =>
    indicators.filter((indicator) => indicator.pattern.test(prompt));
  const weightOf = (indicators: readonly Indicator[]) =>
    indicators.reduce((sum, indicator) => sum + indicator.weight, 0);
  const simpleFound = found(SIMPLE_INDICATORS);
  const mediumFound = found(MEDIUM_INDICATORS);
  const hardFound = found(HARD_INDICATORS);
  const [simple, medium, hard] = [simpleFound, mediumFound, hardFound].map((list) =>
    list.map((indicator) => indicator.name),
  ) as [string[], string[], string[]];
  const words = prompt.split(/\s+/).filter(Boolean).length;
  const sentences = prompt.split(/[.!?]+(\s|$)/).filter((part) => /\w/.test(part)).length;

  const reasons: string[] = [];
  let score = BASE_SCORE;
  score -= weightOf(simpleFound);
  score += weightOf(mediumFound);
  score += weightOf(hardFound);
  if (hardFound.length >= 2) score += COMBINED_HARD_BONUS;
  if (simple.length) reasons.push(`simple indicators: ${simple.join(", ")}`);
  if (medium.length) reasons.push(`medium indicators: ${medium.join(", ")}`);
  if (hard.length) reasons.push(`hard indicators: ${hard.join(", ")}`);
  if (words <= SHORT_PROMPT_WORDS) {
    score -= 0.1;
    reasons.push(`short prompt (${words} words)`);
  } else if (words >= VERY_LONG_PROMPT_WORDS) {
    score += 0.2;
    reasons.push(`very long prompt (${words} words)`);
  } else if (words >= LONG_PROMPT_WORDS) {
    score += 0.1;
    reasons.push(`long prompt (${words} words)`);
  }
  if (sentences >= MANY_SENTENCES) {
    score += 0.05 * Math.min(sentences - MANY_SENTENCES + 1, 4);
    reasons.push(`${sentences} sentences`);
  }
  score = Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;

  const level = levelOf(score, routing);
  const distance = Math.min(
    Math.abs(score - routing.simpleThreshold),
    Math.abs(score - routing.complexThreshold),
  );
  const evidence = Math.min(simple.length + medium.length + hard.length, 5);
  const confidence = Math.round(Math.min(0.95, 0.5 + distance + 0.05 * evidence) * 100) / 100;

  return {
    level,
    score,
    confidence,
    reasoning: `${level} (score ${score.toFixed(2)}): ${reasons.join("; ") || "no indicators"}`,
    source: "heuristic",
    indicators: { simple, medium, hard },
  };
}

/** The level a score falls in: below `simpleThreshold` simple, from `complexThreshold` on hard. */
export function levelOf(
  score: number,
  routing: Pick<RoutingConfig, "simpleThreshold" | "complexThreshold">,
): TaskComplexity {
  if (score < routing.simpleThreshold) return "simple";
  if (score >= routing.complexThreshold) return "hard";
  return "medium";
}
