import { describe, expect, it } from "vitest";
import { createSecretRedactor, REDACTED } from "./redact-secrets.js";

// Made-up credentials in each vendor's real shape.
const OPENAI_KEY = "sk-proj-Q3vX9aLp2RtY7uWm4NcB8sKd1FgH6jZe0TyUi5OpAsDf";
const LEGACY_OPENAI_KEY = "sk-4f9KxQ2mZt7LpW1nVb8RcY3dHs6JgE0aUo5TiPqMwXyZ1234";
const ANTHROPIC_KEY = "sk-ant-api03-Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1Jh0Gf9Ed8Cb7Aa-QwErTyUiOpAA";
const GITHUB_TOKENS = [
  "ghp_R4nd0mT0k3nV4lu3Xx9Yy8Zz7Ww6Vv5Uu4Tt3S",
  "gho_16C7e42F292c6912E7710c838347Ae178B4a",
  "ghu_16C7e42F292c6912E7710c838347Ae178B4a",
  "ghs_16C7e42F292c6912E7710c838347Ae178B4a",
  "ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498",
  "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab",
];

describe("createSecretRedactor", () => {
  it("replaces configured values as they are, JSON-escaped and URL-encoded", () => {
    const secret = 'pa"ss/wo rd!';
    const redact = createSecretRedactor([secret, "abc"]);

    const text = `raw ${secret} json ${JSON.stringify(secret)} url ${encodeURIComponent(secret)} short abc`;

    expect(redact(text)).toBe(`raw ${REDACTED} json "${REDACTED}" url ${REDACTED} short abc`);
  });

  it("replaces key-shaped text that was never configured", () => {
    const redact = createSecretRedactor();
    for (const key of [OPENAI_KEY, LEGACY_OPENAI_KEY, ANTHROPIC_KEY, ...GITHUB_TOKENS]) {
      const text = `401 Incorrect API key provided: ${key}. You can find your API key at …`;
      expect(redact(text), key).toBe(
        `401 Incorrect API key provided: ${REDACTED}. You can find your API key at …`,
      );
      expect(redact(JSON.stringify({ error: { message: `bad key ${key}` } }))).not.toContain(key);
    }
  });

  it("keeps the word before a bearer or x-api-key value and replaces the value", () => {
    const redact = createSecretRedactor();

    expect(redact("Authorization: Bearer abc.DEF-123_xyz~9")).toBe(
      `Authorization: Bearer ${REDACTED}`,
    );
    expect(redact('{"authorization":"bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"}')).toBe(
      `{"authorization":"bearer ${REDACTED}"}`,
    );
    expect(redact("x-api-key: proxy-key-0123456789")).toBe(`x-api-key: ${REDACTED}`);
    expect(redact('{"x-api-key":"proxy-key-0123456789"}')).toBe(`{"x-api-key":"${REDACTED}"}`);
  });

  it("leaves ordinary words alone", () => {
    const redact = createSecretRedactor();
    const prose = [
      "Use a Bearer token or Bearer authentication.",
      "import sk-learn-compatible-estimator; a risk-assessment-and-mitigation-plan-v",
      "task-0123456789abcdef0123 and desk-2024-calendar-entries-list",
      "ghp_short and github_pat_ alone",
    ].join("\n");

    expect(redact(prose)).toBe(prose);
  });
});
