import { readFileSync } from "node:fs";
import { access } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { requireService } from "@codeforge/core/testing";
import { describe, expect, it } from "vitest";
import { guardCode } from "./guard-code.js";

describe("guardCode for Python", () => {
  it.each([
    ["import subprocess\nsubprocess.run(['ls'])", "subprocess"],
    ["from subprocess import Popen", "subprocess"],
    ["import os\nos.system('rm -rf /')", "os"],
    ["import os\nos.popen('id').read()", "os"],
    ["from os import system", "from os"],
    ["import shutil\nshutil.rmtree('/tmp/x')", "rmtree"],
    ["m = __import__('os')", "__import__"],
    ["import importlib\nimportlib.import_module('os')", "importlib"],
    ["eval('1 + 1')", "eval"],
    ["exec('print(1)')", "exec"],
    ["code = compile('1', 'f', 'eval')", "compile"],
    ["import ctypes\nctypes.CDLL(None)", "ctypes"],
    ["import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_RAW, 1)", "raw socket"],
    ["print(open('/etc/passwd').read())", "/etc/passwd"],
    ["with open( r'/proc/self/environ' ) as f: pass", "/proc/self/environ"],
    ["from pathlib import Path\nPath('/etc/shadow').read_text()", "/etc/shadow"],
    ["getattr(__builtins__, 'ev' + 'al')('1')", "__builtins__"],
  ])("flags %j", (code, expected) => {
    const verdict = guardCode("python", code);

    expect(verdict.blocked).toBe(true);
    expect(verdict.reasons.join("\n")).toContain(expected);
  });

  it("names the line of each finding", () => {
    const verdict = guardCode("python", "x = 1\n\nimport subprocess\n");

    expect(verdict.reasons).toEqual(["line 3: starts other programs (subprocess)"]);
  });

  it.each([
    ["single-quoted string", "print('import subprocess; os.system(1)')"],
    ["double-quoted string", 'msg = "eval(x) and exec(y) and __import__"'],
    [
      "triple-quoted docstring",
      'def f():\n    """Never call eval(x) or os.system().\n    subprocess is bad."""\n    return 1',
    ],
    ["triple single quotes", "s = '''\nctypes\nshutil.rmtree('x')\n'''"],
    ["comment", "x = 1  # eval(x), subprocess, os.system('ls')"],
    ["raw string with escaped quote", "p = r'\\' eval(1) '"],
    ["bytes literal", "b = b'exec(1)'"],
    ["f-string text", "name = 'a'\nprint(f'run eval( {name} ) and subprocess')"],
    ["escaped quote inside a string", 'print("say \\"exec(1)\\" twice")'],
    ["method named eval", "model.eval()\ndf.eval('a + b')\nre.compile('x')"],
    ["open of a harmless path", "open('data.txt').read()\nopen('/tmp/x', 'w')"],
    ["identifier containing a keyword", "evaluate(1)\nmy_exec = 2\nrecompile(3)"],
    ["string prefix after a keyword", "if x: pass\nelif'exec(1)': pass"],
  ])("does not flag words in a %s", (_name, code) => {
    expect(guardCode("python", code)).toEqual({ blocked: false, reasons: [] });
  });

  it("flags code inside f-string expressions, which runs", () => {
    expect(guardCode("python", "print(f\"{__import__('os').getcwd()}\")").blocked).toBe(true);
    expect(guardCode("python", "print(f'{x!r:>{eval(\"3\")}}')").blocked).toBe(true);
  });

  it("flags code after a string with doubled braces in an f-string", () => {
    const code = "print(f'{{literal}} {value}')\nimport subprocess";

    expect(guardCode("python", code).reasons).toEqual([
      "line 2: starts other programs (subprocess)",
    ]);
  });
});

describe("guardCode for Node", () => {
  it.each([
    ["const cp = require('child_process')", "child_process"],
    ["import { exec } from 'node:child_process'", "child_process"],
    ['const m = await import("vm")', "vm"],
    ["eval('1')", "eval"],
    ["const f = new Function('return 1')", "Function"],
    ["process.binding('fs')", "process"],
    ["require('fs').readFileSync('/etc/passwd')", "/etc/passwd"],
    ["const s = require(`net`)", "net"],
  ])("flags %j", (code, expected) => {
    const verdict = guardCode("node", code);

    expect(verdict.blocked).toBe(true);
    expect(verdict.reasons.join("\n")).toContain(expected);
  });

  it.each([
    ["string", "console.log('require(\"child_process\")')"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
    ["template text", "console.log(`eval(${1 + 1}) child_process`)"],
    ["line comment", "// eval(x) require('child_process')\nconst a = 1;"],
    ["block comment", "/* new Function('x') */ const a = 1;"],
    ["regular expression", "const r = /eval\\(x\\)/g; const t = 'a'.replace(/Function(/, '');"],
    ["method named eval", "obj.eval(1)"],
  ])("does not flag words in a %s", (_name, code) => {
    expect(guardCode("node", code)).toEqual({ blocked: false, reasons: [] });
  });

  it("flags code inside template expressions", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
    expect(guardCode("node", "console.log(`${eval('1')}`)").blocked).toBe(true);
  });
});

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const dataDir = process.env.CODEFORGE_DATA_DIR ?? resolve(repositoryRoot, "../shared/datasets");
const humanEvalPath = resolve(dataDir, "HumanEval.jsonl.gz");
const mbppPath = resolve(dataDir, "mbpp.jsonl");
const datasetAdvice = "set CODEFORGE_DATA_DIR to the folder that holds it";
const humanEval = await requireService(`HumanEval at ${humanEvalPath} (${datasetAdvice})`, () =>
  access(humanEvalPath),
);
const mbpp = await requireService(`MBPP at ${mbppPath} (${datasetAdvice})`, () => access(mbppPath));

describe.skipIf(!humanEval.available)(`guardCode on HumanEval ${humanEval.reason}`, () => {
  // HumanEval/160 (do_algebra) evaluates the expression it builds with eval(): the guard
  // is right to flag it, which is why benchmark evaluation runs with the guard off.
  it("blocks only HumanEval/160, whose canonical solution calls eval", () => {
    const problems = gunzipSync(readFileSync(humanEvalPath))
      .toString("utf8")
      .split("\n")
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as Record<string, string>);
    const blocked = problems
      .map((problem) => {
        const program = `${problem.prompt}${problem.canonical_solution}\n${problem.test}\ncheck(${problem.entry_point})\n`;
        return { id: problem.task_id, verdict: guardCode("python", program) };
      })
      .filter(({ verdict }) => verdict.blocked);

    expect(problems).toHaveLength(164);
    expect(blocked).toEqual([
      {
        id: "HumanEval/160",
        verdict: { blocked: true, reasons: [expect.stringMatching(/evaluates code .*eval/)] },
      },
    ]);
  });
});

describe.skipIf(!mbpp.available)(`guardCode on MBPP ${mbpp.reason}`, () => {
  it("blocks none of the reference solutions with their tests", () => {
    const problems = readFileSync(mbppPath, "utf8")
      .split("\n")
      .filter((line) => line.trim().length > 0)
      .map(
        (line) =>
          JSON.parse(line) as {
            task_id: number;
            code: string;
            test_setup_code: string;
            test_list: string[];
          },
      );
    const blocked = problems
      .map((problem) => {
        const program = [problem.test_setup_code, problem.code, ...problem.test_list].join("\n");
        return { id: problem.task_id, verdict: guardCode("python", program) };
      })
      .filter(({ verdict }) => verdict.blocked);

    expect(problems.length).toBeGreaterThan(900);
    expect(blocked).toEqual([]);
  });
});
