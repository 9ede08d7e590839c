import { describe, expect, it } from "vitest";
import { detectLanguage } from "./detect-language.js";

describe("detectLanguage", () => {
  it("picks Node for tasks that name JavaScript or Node.js", () => {
    expect(detectLanguage("Write a JavaScript function that reverses a string")).toBe("node");
    expect(detectLanguage("A Node.js script printing the date")).toBe("node");
  });

  it("stays with Python by default, for tree nodes, and when Python is named too", () => {
    expect(detectLanguage("Reverse a string")).toBe("python");
    expect(detectLanguage("Count the leaves of a binary tree node by node")).toBe("python");
    expect(detectLanguage("Port this JavaScript snippet to Python")).toBe("python");
  });
});
