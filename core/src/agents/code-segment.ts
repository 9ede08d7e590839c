import { z } from "zod";

/** What the coder returns for one subtask. */
export const CodeSegmentSchema = z.object({
  code: z.string(),
  tests: z.string(),
  imports: z.array(z.string()),
  explanation: z.string(),
});
export type CodeSegment = z.infer<typeof CodeSegmentSchema>;
