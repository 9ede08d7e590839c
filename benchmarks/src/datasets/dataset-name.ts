/** The datasets `codeforge eval` can evaluate samples against. */
export const DATASET_NAMES = [
  "humaneval",
  "humaneval-plus",
  "mbpp",
  "mbpp-sanitized",
  "custom",
] as const;

/** One of {@link DATASET_NAMES}. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Whether a string names a dataset. */
export function isDatasetName(value: string): value is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(value);
}
