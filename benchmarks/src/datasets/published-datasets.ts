/** Where a public dataset file comes from and what it must hash to. */
export interface PublishedDatasetFile {
  /** The file name inside a data directory, e.g. `HumanEval.jsonl.gz`. */
  fileName: string;
  /** The public URL the loader downloads it from when no data directory holds it. */
  url: string;
  /** Lower-case hex sha256 of the published file. */
  sha256: string;
  /** The licence the file is published under. */
  licence: string;
}

/** The dataset files that come from public sources (the custom set lives in the repository). */
export const PUBLISHED_DATASETS = {
  humaneval: {
    fileName: "HumanEval.jsonl.gz",
    url: "https://raw.githubusercontent.com/openai/human-eval/master/data/HumanEval.jsonl.gz",
    sha256: "b796127e635a67f93fb35c04f4cb03cf06f38c8072ee7cee8833d7bee06979ef",
    licence: "MIT",
  },
  "humaneval-plus": {
    fileName: "HumanEvalPlus.jsonl.gz",
    url: "https://github.com/evalplus/humanevalplus_release/releases/download/v0.1.10/HumanEvalPlus.jsonl.gz",
    sha256: "272720b90ac375502c8ed23cd791c2a93dfb22a911641a494da74a426c09f101",
    licence: "Apache-2.0",
  },
  mbpp: {
    fileName: "mbpp.jsonl",
    url: "https://raw.githubusercontent.com/google-research/google-research/master/mbpp/mbpp.jsonl",
    sha256: "ccf64ceae9c5403bf50a044cb6d505bfd2a2963ee58338ba268fd65beab92a9f",
    licence: "CC BY 4.0",
  },
  "mbpp-sanitized": {
    fileName: "sanitized-mbpp.json",
    url: "https://raw.githubusercontent.com/google-research/google-research/master/mbpp/sanitized-mbpp.json",
    sha256: "7fec016546acaee11dbe14f9f0bb670e59f41919f7b522a59fba34871da78551",
    licence: "CC BY 4.0",
  },
} as const satisfies Record<string, PublishedDatasetFile>;

/** A dataset whose file is downloaded from a public source. */
export type PublishedDatasetName = keyof typeof PUBLISHED_DATASETS;
