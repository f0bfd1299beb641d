import type { EventPayloads } from '../../src/shared/contract';
import type { Platform } from '../../src/main/handlers';

/** A recording Platform for tests and the e2e harness: dialogs answer what the test says. */
export function testPlatform(overrides: Partial<Platform> = {}) {
  const events: { channel: keyof EventPayloads; payload: unknown }[] = [];
  const opened: string[] = [];
  /** Every URL main asked the user about, and what the user answers next (default: open). */
  const asked: string[] = [];
  /** Every file main opened or showed in the file manager. */
  const files: { action: 'open' | 'show'; file: string }[] = [];
  const answers = { confirm: true };
  const platform: Platform = {
    pickImportPaths: async () => null,
    pickWatchFolder: async () => null,
    pickExportPath: async () => null,
    pickMarkdownPath: async () => null,
    confirmExternal: async (url) => {
      asked.push(url);
      return answers.confirm;
    },
    pointerOverWindow: () => true,
    openExternal: async (url) => {
      opened.push(url);
    },
    openPath: async (file) => {
      files.push({ action: 'open', file });
      return '';
    },
    showItemInFolder: (file) => {
      files.push({ action: 'show', file });
    },
    emit: (channel, payload) => {
      events.push({ channel, payload });
    },
    ...overrides,
  };
  return { platform, events, opened, asked, answers, files };
}
