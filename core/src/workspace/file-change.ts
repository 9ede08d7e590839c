import { z } from "zod";

/**
 * One change of the wire contract the coder and reviewer answer in: the whole new content
 * of the file at `path`, or `content: null` to delete it.
 *
 * @example
 * { "path": "utils/time.py", "content": "def parse_duration(text):\n    …\n" }
 */
export const FileChangeSchema = z.object({
  path: z.string().min(1).describe("relative path inside the repository, e.g. src/app.py"),
  content: z.string().nullable().describe("the whole new file content; null deletes the file"),
});

export type FileChange = z.infer<typeof FileChangeSchema>;

/** The `changes` array of a coder's or reviewer's answer. */
export const FileChangesSchema = z.array(FileChangeSchema);
