import type { EventPayloads } from '../../src/shared/contract';
import type { Platform } from '../../src/main/handlers';

/** A recording Platform for tests and the e2e harness: dialogs answer what the test says. */
export function testPlatform(overrides: Partial<Platform> = {}) {
  const events: { channel: keyof EventPayloads; payload: unknown }[] = [];
  const opened: string[] = [];
  const platform: Platform = {
    pickImportPaths: async () => null,
    pickWatchFolder: async () => null,
    pickExportPath: async () => null,
    pickMarkdownPath: async () => null,
    openExternal: async (url) => {
      opened.push(url);
    },
    emit: (channel, payload) => {
      events.push({ channel, payload });
    },
    ...overrides,
  };
  return { platform, events, opened };
}
