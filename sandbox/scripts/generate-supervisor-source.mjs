#!/usr/bin/env node
// Regenerates sandbox/src/pool/supervisor-source.ts from sandbox/src/pool/supervisor.py.
// The pool sends the supervisor into its containers as `python3 -I -c <source>`; keeping the
// source in a TypeScript module means the compiled dist/ (and any bundle of it, such as the
// GitHub Action's) carries it without a copy step. A unit test fails when the two differ.
//
//   node sandbox/scripts/generate-supervisor-source.mjs
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const python = new URL("../src/pool/supervisor.py", import.meta.url);
const module = new URL("../src/pool/supervisor-source.ts", import.meta.url);
const source = await readFile(python, "utf8");
const text = [
  "// Generated from supervisor.py by sandbox/scripts/generate-supervisor-source.mjs; edit the .py",
  "// file and run that script (supervisor-source.test.ts fails when the two differ).",
  "",
  "/** The warm-pool supervisor's Python source (supervisor.py), run as `python3 -I -c`. */",
  `export const SUPERVISOR_SOURCE: string = ${JSON.stringify(source)};`,
  "",
].join("\n");
await writeFile(module, text);
// Leave it as the linter formats it, so `biome check` stays clean.
execFileSync("npx", ["biome", "format", "--write", fileURLToPath(module)], { stdio: "ignore" });
console.log(`wrote ${module.pathname} (${source.length} characters)`);
