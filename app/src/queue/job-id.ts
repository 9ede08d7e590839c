import { createHash } from "node:crypto";

/**
 * The job id of a comment: a UUID derived from the repository and the comment id, so a
 * redelivered webhook (same comment, same or new delivery id) maps to the same job and the
 * queue refuses it as a duplicate.
 */
export function jobIdFor(repositoryFullName: string, commentId: number): string {
  const hex = createHash("sha256")
    .update(`${repositoryFullName.toLowerCase()}:${commentId}`)
    .digest("hex");
  // Shaped as a version-5-style UUID (the variant and version nibbles set), as pg-boss wants a uuid.
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join("-");
}
