import type { Config, GuardPolicy } from "@codeforge/core";

/**
 * What the sandbox needs to know to run programs: images, limits and the guard policy.
 * The sandbox owns this shape; the configuration's `sandbox` section satisfies it (checked
 * at compile time below), so `createDockerExecutor({ docker, config: config.sandbox })`
 * works, and a caller without a configuration can build one by hand.
 */
export interface SandboxOptions {
  /** Image of Python programs and of the pool, e.g. `codeforge/sandbox-python:1`. */
  readonly pythonImage: string;
  /** Image of JavaScript programs, e.g. `codeforge/sandbox-node:1`. */
  readonly nodeImage: string;
  /** Wall-clock limit of one run, unless its spec sets `timeoutMs`. */
  readonly timeoutSeconds: number;
  /** Memory limit (and memory+swap limit) of one run. */
  readonly memoryMb: number;
  /** CPU quota of one container. */
  readonly cpus: number;
  /** Most processes and threads at once in one container. */
  readonly pidsLimit: number;
  /** `true`: loopback only. */
  readonly networkDisabled: boolean;
  /** Bytes kept of each of stdout and stderr. */
  readonly outputLimitBytes: number;
  /** Size of each writable tmpfs (`/tmp`, the working directory, `/dev/shm`). */
  readonly tmpfsMb: number;
  /** What the static guard does with code it flags. */
  readonly guard: GuardPolicy;
  /** Warm containers a pool keeps by default. */
  readonly poolSize: number;
}

/**
 * The configuration's sandbox section as the sandbox sees it. Fails to compile when the
 * configuration schema stops satisfying {@link SandboxOptions}.
 */
export type ConfiguredSandboxOptions = Satisfies<Config["sandbox"]>;
type Satisfies<T extends SandboxOptions> = T;
