/**
 * Channel names, and nothing else, so the sandboxed preload can build the bridge without
 * bundling zod. `contract.ts` attaches a schema and an output type to every name here, and the
 * compiler checks the two tables cover the same set.
 */
export const calls = {
  getLibraryStats: 'library:stats',
  listBriefings: 'briefings:list',
  getBriefing: 'briefings:get',
  updateReading: 'briefings:update-reading',
  deleteBriefing: 'briefings:delete',
  importSample: 'import:sample',
  importWithDialog: 'import:dialog',
  openExternal: 'links:open',
} as const;

export const events = {
  onImportProgress: 'import:progress',
  onLibraryChanged: 'library:changed',
} as const;

export type CallMethod = keyof typeof calls;
export type CallChannel = (typeof calls)[CallMethod];
export type EventMethod = keyof typeof events;
export type EventChannel = (typeof events)[EventMethod];
