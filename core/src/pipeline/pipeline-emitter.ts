import type { PipelineEvent, PipelineListener } from "./pipeline-events.js";

/** Delivers pipeline events to subscribers, in order. */
export interface PipelineEmitter {
  /** Subscribes; returns the function that unsubscribes. */
  on(listener: PipelineListener): () => void;
  emit(event: PipelineEvent): void;
}

/**
 * An emitter that calls each listener synchronously, in subscription order, for every
 * event in emission order, so a renderer never sees events out of order. A listener that
 * throws is reported through `onListenerError` and does not stop the run or the others.
 */
export function createPipelineEmitter(
  onListenerError: (error: unknown, event: PipelineEvent) => void = () => {},
): PipelineEmitter {
  const listeners = new Set<PipelineListener>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error, event);
        }
      }
    },
  };
}
