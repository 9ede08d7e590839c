// Builds the Action's bundle: dist/index.js (one ESM file, every dependency inside), the
// files it loads at run time beside it (PGlite's WebAssembly and data, the custom benchmark
// set, the sandbox Dockerfiles). The output depends only on the sources and the lockfile,
// so `npm run build:action` reproduces the checked-in dist byte for byte (check-dist.mjs).
import { cp, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const actionDir = fileURLToPath(new URL("..", import.meta.url));
const rootDir = join(actionDir, "..");
const outDir = process.argv[2] ?? join(actionDir, "dist");

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
await build({
  absWorkingDir: rootDir,
  entryPoints: [join(actionDir, "src/main.ts")],
  outfile: join(outDir, "index.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  // The workspace packages' TypeScript sources, as tests and typecheck see them.
  conditions: ["source"],
  mainFields: ["module", "main"],
  // CommonJS dependencies call require() on Node's built-ins and read __dirname.
  banner: {
    js: [
      'import { createRequire as __createRequire } from "node:module";',
      "const require = __createRequire(import.meta.url);",
      "const __filename = import.meta.filename;",
      "const __dirname = import.meta.dirname;",
    ].join(" "),
  },
  // ssh2's optional native crypto binding and cpu-features: both are loaded in try/catch
  // and have JavaScript fallbacks, so they are left out.
  loader: { ".node": "empty" },
  external: ["cpu-features"],
  minify: true,
  // Error classes take their name from the class (`new.target.name`).
  keepNames: true,
  legalComments: "linked",
  charset: "utf8",
  logLevel: "warning",
});

const pglite = dirname(fileURLToPath(import.meta.resolve("@electric-sql/pglite")));
for (const file of ["pglite.wasm", "pglite.data", "initdb.wasm"]) {
  await cp(join(pglite, file), join(outDir, file));
}
await cp(join(rootDir, "benchmarks/custom"), join(outDir, "custom"), { recursive: true });
for (const language of ["python", "node"]) {
  await cp(
    join(rootDir, "sandbox/images", language, "Dockerfile"),
    join(outDir, "images", language, "Dockerfile"),
  );
}
