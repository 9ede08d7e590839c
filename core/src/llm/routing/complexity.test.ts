import { describe, expect, it } from "vitest";
import { RoutingConfigSchema } from "../../config/config-schema.js";
import { classifyComplexity, levelOf } from "./complexity.js";

const routing = RoutingConfigSchema.parse({});

const SCRAPER =
  "Build a distributed web scraper with rate limiting, retry logic, and a database backend that handles concurrent requests across multiple worker processes";
const CSV_FILTER =
  "Write a function that reads a CSV file and filters rows where the age column is greater than 30";

describe("classifyComplexity", () => {
  it("classifies the seed's hello world as simple, with confidence", () => {
    const result = classifyComplexity("Write a hello world program", routing);

    expect(result.level).toBe("simple");
    expect(result.score).toBeLessThan(routing.simpleThreshold);
    expect(result.indicators.simple).toContain("hello world");
    expect(result.confidence).toBeGreaterThanOrEqual(0.6);
    expect(result.source).toBe("heuristic");
  });

  it("classifies the seed's distributed scraper as hard", () => {
    const result = classifyComplexity(SCRAPER, routing);

    expect(result.level).toBe("hard");
    expect(result.indicators.hard).toEqual(
      expect.arrayContaining(["distributed", "database", "concurrency", "robustness"]),
    );
    expect(result.reasoning).toContain("hard indicators");
  });

  it("classifies the seed's CSV filter as medium or simple", () => {
    const result = classifyComplexity(CSV_FILTER, routing);

    expect(["simple", "medium"]).toContain(result.level);
    expect(result.indicators.medium).toContain("file handling");
  });

  it.each([
    ["Print the numbers from 1 to 10", "simple"],
    ["Write FizzBuzz", "simple"],
    ["Write a function that reverses a string", "simple"],
    [
      "Design a REST API with authentication backed by PostgreSQL, with caching and a worker pool that processes jobs in parallel.",
      "hard",
    ],
    [
      "Train a machine learning classifier on the iris data and optimise its hyperparameters for performance",
      "hard",
    ],
  ] as const)("classifies %j as %s", (prompt, level) => {
    expect(classifyComplexity(prompt, routing).level).toBe(level);
  });

  it("raises the score of long prompts with many sentences", () => {
    const sentence = "The program reads numbers from standard input and keeps a running total. ";
    const short = classifyComplexity(sentence, routing);
    const long = classifyComplexity(sentence.repeat(8), routing);

    expect(long.score).toBeGreaterThan(short.score);
    expect(long.reasoning).toMatch(/long prompt/);
    expect(long.reasoning).toMatch(/8 sentences/);
  });

  it("follows the configured thresholds", () => {
    const strict = { simpleThreshold: 0.05, complexThreshold: 0.1 };

    expect(classifyComplexity(CSV_FILTER, strict).level).toBe("hard");
  });

  it("keeps the score within 0..1", () => {
    const everything = `${SCRAPER}. ${"Use machine learning, GraphQL, Kafka, sharding and multithreading. ".repeat(10)}`;

    expect(classifyComplexity(everything, routing).score).toBe(1);
    expect(classifyComplexity("print hello world simple add", routing).score).toBe(0);
  });
});

describe("levelOf", () => {
  it("puts a score at the complex threshold into hard and one just below simple into simple", () => {
    expect(levelOf(0.7, routing)).toBe("hard");
    expect(levelOf(0.69, routing)).toBe("medium");
    expect(levelOf(0.3, routing)).toBe("medium");
    expect(levelOf(0.29, routing)).toBe("simple");
  });
});
