import { describe, expect, it } from 'vitest';
import { findBrowser } from '../e2e/find-browser';

const at = (
  platform: NodeJS.Platform,
  files: string[],
  env: NodeJS.ProcessEnv = {},
  downloaded: string | null = null,
) => findBrowser({ env, platform, exists: (p) => files.includes(p), playwrightBrowser: () => downloaded });

describe('the browser the end-to-end tests drive (issue 20, point 9)', () => {
  it("takes CHROMIUM_PATH, then Debian's Chromium, then Chrome, then a Playwright download", () => {
    expect(at('linux', ['/opt/c/chrome'], { CHROMIUM_PATH: '/opt/c/chrome' })).toEqual({
      executablePath: '/opt/c/chrome',
      from: 'CHROMIUM_PATH',
    });
    expect(at('linux', ['/usr/bin/chromium', '/usr/bin/google-chrome'])).toMatchObject({
      executablePath: '/usr/bin/chromium',
    });
    expect(at('linux', ['/usr/bin/google-chrome'])).toMatchObject({ executablePath: '/usr/bin/google-chrome' });
    expect(
      at('linux', ['/home/u/.cache/ms-playwright/chromium/chrome'], {}, '/home/u/.cache/ms-playwright/chromium/chrome'),
    ).toEqual({
      executablePath: '/home/u/.cache/ms-playwright/chromium/chrome',
      from: 'Playwright',
    });
  });

  it('finds Chrome or Edge where macOS and Windows install them', () => {
    expect(at('darwin', ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'])).toMatchObject({
      from: 'installed',
    });
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(at('win32', [edge], { 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' })).toEqual({
      executablePath: edge,
      from: 'installed',
    });
  });

  it('without one, says in one line how to get one; a wrong CHROMIUM_PATH is named', () => {
    const none = at('linux', []);
    expect(none).toEqual({
      missing:
        'No Chromium, Chrome or Edge was found for the end-to-end tests: install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or run npx playwright install chromium, or set CHROMIUM_PATH to one.',
    });
    expect(at('darwin', [])).toMatchObject({ missing: expect.stringContaining('install Google Chrome or Chromium') });
    expect(at('linux', ['/usr/bin/chromium'], { CHROMIUM_PATH: '/nope/chrome' })).toEqual({
      missing: 'CHROMIUM_PATH is /nope/chrome, and there is no browser there.',
    });
  });
});
