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
  editDetails: 'briefings:edit-details',
  deleteBriefing: 'briefings:delete',
  importSample: 'import:sample',
  importWithDialog: 'import:dialog',
  cancelImport: 'import:cancel',
  retryImport: 'import:retry',
  listImportRuns: 'import:runs',
  getImportRun: 'import:run',
  exportLibrary: 'library:export',
  listWatchedFolders: 'watch:list',
  addWatchedFolder: 'watch:add',
  removeWatchedFolder: 'watch:remove',
  searchBriefings: 'search:query',
  listSavedSearches: 'saved:list',
  saveSearch: 'saved:add',
  deleteSavedSearch: 'saved:remove',
  openExternal: 'links:open',
  listTags: 'tags:list',
  listSources: 'sources:list',
  bulkUpdate: 'briefings:bulk',
  deleteBriefings: 'briefings:delete-many',
  similarBriefings: 'briefings:similar',
  previewRenameTag: 'tags:preview-rename',
  renameTag: 'tags:rename',
  recolorTag: 'tags:recolor',
  deleteTag: 'tags:delete',
  suggestTags: 'tags:suggest',
  listRules: 'rules:list',
  addRule: 'rules:add',
  removeRule: 'rules:remove',
  previewRule: 'rules:preview',
  applyRule: 'rules:apply',
  undo: 'history:undo',
  matchTitles: 'briefings:match-titles',
  listHighlights: 'highlights:list',
  addHighlight: 'highlights:add',
  updateHighlight: 'highlights:update',
  removeHighlight: 'highlights:remove',
  exportMarkdown: 'briefings:export-markdown',
  openOriginal: 'briefings:open-original',
  showOriginal: 'briefings:show-original',
  getReaderPrefs: 'prefs:get',
  setReaderPrefs: 'prefs:set',
} as const;

/**
 * Channels the preload calls itself and never exposes by name: a dropped file's path is resolved
 * in the preload with webUtils.getPathForFile, so page script cannot hand main an arbitrary path.
 */
export const preloadCalls = {
  registerDrop: 'drop:register',
  importDropped: 'import:dropped',
} as const;

export const events = {
  onImportProgress: 'import:progress',
  onLibraryChanged: 'library:changed',
  onMenuCommand: 'menu:command',
} as const;

export type CallMethod = keyof typeof calls;
export type CallChannel = (typeof calls)[CallMethod] | (typeof preloadCalls)[keyof typeof preloadCalls];
export type EventMethod = keyof typeof events;
export type EventChannel = (typeof events)[EventMethod];
