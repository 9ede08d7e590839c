import { describe, expect, it } from "vitest";
import { jsonValue } from "./json-value.js";
import { storableText } from "./storable-text.js";

describe("storableText", () => {
  it("writes NUL and lone surrogates out as visible escapes", () => {
    expect(storableText("a\u0000b\u0000")).toBe("a\\u0000b\\u0000");
    expect(storableText("high \ud83d alone")).toBe("high \\ud83d alone");
    expect(storableText("\ude00 low first")).toBe("\\ude00 low first");
    expect(storableText("swapped \ude00\ud83d")).toBe("swapped \\ude00\\ud83d");
  });

  it("keeps everything else, surrogate pairs included", () => {
    const text = "emoji 😀, tab\t, bell \u0007, escape \\u0000 written by hand, 中文";

    expect(storableText(text)).toBe(text);
    expect(storableText(null)).toBeNull();
    expect(storableText(undefined)).toBeUndefined();
  });
});

describe("jsonValue", () => {
  it("makes every string storable, keys included", () => {
    const value = { "k\u0000": ["v\u0000", { deep: "\ud800" }], n: 1, when: new Date(0) };

    expect(JSON.parse(jsonValue(value) ?? "null")).toEqual({
      "k\\u0000": ["v\\u0000", { deep: "\\ud800" }],
      n: 1,
      when: "1970-01-01T00:00:00.000Z",
    });
    expect(jsonValue("\u0000")).toBe('"\\\\u0000"');
    expect(jsonValue(undefined)).toBeNull();
  });
});
