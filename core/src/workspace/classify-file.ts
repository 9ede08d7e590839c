import { posix } from "node:path";
import type { SkipReason } from "./workspace-snapshot.js";

/** Folders of installed or generated files: listed, never read. */
export const VENDORED_FOLDERS: ReadonlySet<string> = new Set([
  "node_modules",
  "dist",
  "build",
  ".venv",
  "venv",
  "__pycache__",
  ".tox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".next",
  "coverage",
  "vendor",
]);

/**
 * Lockfiles: listed, their (long, generated) contents never shown to the agent; read only
 * for a repository's setup step (`WorkspaceFile.setupContent`), which installs from them.
 */
export const LOCKFILES: ReadonlySet<string> = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lockb",
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "pdm.lock",
  "Cargo.lock",
  "composer.lock",
  "Gemfile.lock",
]);

/** Whether a relative path is a lockfile outside vendored folders (its setup content is read). */
export function isLockfile(path: string): boolean {
  const segments = path.split("/");
  return (
    LOCKFILES.has(segments.at(-1) ?? "") &&
    !segments.slice(0, -1).some((segment) => VENDORED_FOLDERS.has(segment))
  );
}

/** Whether a relative path lies in a vendored or generated folder, or is a lockfile. */
export function isVendored(path: string): boolean {
  const segments = path.split("/");
  const name = segments.at(-1) ?? "";
  return (
    LOCKFILES.has(name) || segments.slice(0, -1).some((segment) => VENDORED_FOLDERS.has(segment))
  );
}

const BINARY_EXTENSIONS = new Set(
  ".png .jpg .jpeg .gif .bmp .ico .webp .pdf .zip .gz .tgz .bz2 .xz .7z .tar .jar .whl .so .dll .dylib .exe .o .a .class .pyc .woff .woff2 .ttf .otf .eot .mp3 .mp4 .wav .ogg .mov .sqlite .db".split(
    " ",
  ),
);

/** Whether a path's extension names a binary format, so its bytes need not be read at all. */
export function hasBinaryExtension(path: string): boolean {
  return BINARY_EXTENSIONS.has(posix.extname(path).toLowerCase());
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes a file's bytes as text, or says why it is not text: a NUL byte in its first 8 KiB
 * or bytes that are not UTF-8 make it binary.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { skipped: SkipReason } {
  if (bytes.subarray(0, 8192).includes(0)) return { skipped: "binary" };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { skipped: "binary" };
  }
}
