import type { CallMethod, EventMethod, calls, events } from './channels';
import type { EventPayloads, InputOf, OutputOf } from './contract';
import type { Result } from './result';

/** The type of `window.briefings`, derived from the contract so the two cannot drift. */
export type BriefingsApi = {
  [M in CallMethod]: (input: InputOf<(typeof calls)[M]>) => Promise<Result<OutputOf<(typeof calls)[M]>>>;
} & {
  /** Imports files dropped on the window; their paths are resolved in the preload. */
  importDroppedFiles(files: File[]): Promise<Result<OutputOf<'import:dropped'>>>;
} & {
  [M in EventMethod]: (listener: (payload: EventPayloads[(typeof events)[M]]) => void) => () => void;
};
