// Fails when the checked-in dist/ differs from a fresh build of the sources (the check-dist
// convention of actions/typescript-action): the runner executes dist/index.js, not src/.
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const actionDir = fileURLToPath(new URL("..", import.meta.url));
const checkedIn = join(actionDir, "dist");

async function files(root) {
  const found = [];
  const walk = async (folder) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else found.push(relative(root, path));
    }
  };
  await walk(root).catch(() => undefined);
  return found.sort();
}

const fresh = await mkdtemp(join(tmpdir(), "codeforge-action-dist-"));
try {
  execFileSync(process.execPath, [join(actionDir, "scripts/build.mjs"), fresh], {
    stdio: "inherit",
  });
  const expected = await files(fresh);
  const actual = await files(checkedIn);
  const problems = [];
  for (const file of expected) {
    if (!actual.includes(file)) {
      problems.push(`missing: dist/${file}`);
      continue;
    }
    const [a, b] = await Promise.all([
      readFile(join(fresh, file)),
      readFile(join(checkedIn, file)),
    ]);
    if (!a.equals(b)) problems.push(`differs: dist/${file}`);
  }
  for (const file of actual) {
    if (!expected.includes(file)) problems.push(`not built any more: dist/${file}`);
  }
  if (problems.length > 0) {
    console.error(
      `action/dist is stale (${problems.length} file(s)):\n${problems.map((line) => `  ${line}`).join("\n")}\nRun \`npm run build:action\` and commit action/dist.`,
    );
    process.exitCode = 1;
  } else {
    console.log(`action/dist matches a fresh build (${expected.length} files)`);
  }
} finally {
  await rm(fresh, { recursive: true, force: true });
}
