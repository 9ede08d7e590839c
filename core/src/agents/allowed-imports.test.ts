import { describe, expect, it } from "vitest";
import { disallowedImports, importedModules } from "./allowed-imports.js";

describe("importedModules", () => {
  it("reads plain, aliased, dotted, from and relative imports in Python", () => {
    const code =
      "import os, sys as system\nimport xml.etree.ElementTree as ET\nfrom collections import deque\nfrom . import sibling\n    import json  # nested\n";
    expect(importedModules("python", code).sort()).toEqual(
      [".", "collections", "json", "os", "sys", "xml"].sort(),
    );
  });

  it("reads require and import specifiers in JavaScript", () => {
    const code = 'const fs = require("node:fs");\nimport x from "lodash/fp";\nimport "./local.js";';
    expect(importedModules("node", code)).toEqual(["lodash", "./local.js", "node:fs"]);
  });
});

describe("disallowedImports", () => {
  it("allows the standard library and the sandbox image's packages", () => {
    const code =
      "from __future__ import annotations\nimport numpy as np\nfrom PIL import Image\nimport itertools\n";
    expect(disallowedImports("python", code)).toEqual([]);
  });

  it("names packages the sandbox does not have and relative imports", () => {
    expect(disallowedImports("python", "import torch\nfrom .util import x\nimport os")).toEqual([
      "torch",
      ".",
    ]);
    expect(
      disallowedImports("node", 'const _ = require("lodash");\nconst os = require("os");'),
    ).toEqual(["lodash"]);
  });
});
