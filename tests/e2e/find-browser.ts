import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export type BrowserChoice = { executablePath: string; from: string } | { missing: string };

type Env = {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exists: (p: string) => boolean;
  /** Where Playwright keeps a browser it downloaded (`npx playwright install chromium`), if any. */
  playwrightBrowser: () => string | null;
};

/**
 * The Chromium-based browser the end-to-end tests drive, found the way a newcomer has one:
 * CHROMIUM_PATH, else an installed Chromium, Chrome or Edge in its usual place, else one
 * Playwright downloaded. CI uses Debian's /usr/bin/chromium, the first Linux candidate.
 */
export function findBrowser({ env, platform, exists, playwrightBrowser }: Env): BrowserChoice {
  if (env.CHROMIUM_PATH) {
    return exists(env.CHROMIUM_PATH)
      ? { executablePath: env.CHROMIUM_PATH, from: 'CHROMIUM_PATH' }
      : { missing: `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, and there is no browser there.` };
  }
  const win = (base: string | undefined, ...rest: string[]): string | null =>
    base ? path.win32.join(base, ...rest) : null;
  const candidates: (string | null)[] =
    platform === 'darwin'
      ? [
          '/Applications/Chromium.app/Contents/MacOS/Chromium',
          '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
          '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
        ]
      : platform === 'win32'
        ? [
            win(env.LOCALAPPDATA, 'Chromium', 'Application', 'chrome.exe'),
            win(env.PROGRAMFILES, 'Google', 'Chrome', 'Application', 'chrome.exe'),
            win(env['PROGRAMFILES(X86)'], 'Google', 'Chrome', 'Application', 'chrome.exe'),
            win(env.LOCALAPPDATA, 'Google', 'Chrome', 'Application', 'chrome.exe'),
            win(env['PROGRAMFILES(X86)'], 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
            win(env.PROGRAMFILES, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
          ]
        : [
            '/usr/bin/chromium',
            '/usr/bin/chromium-browser',
            '/snap/bin/chromium',
            '/usr/bin/google-chrome',
            '/usr/bin/google-chrome-stable',
            '/usr/bin/microsoft-edge',
          ];
  for (const c of candidates) if (c && exists(c)) return { executablePath: c, from: 'installed' };
  const downloaded = playwrightBrowser();
  if (downloaded && exists(downloaded)) return { executablePath: downloaded, from: 'Playwright' };
  const install =
    platform === 'linux'
      ? 'install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or run npx playwright install chromium'
      : 'install Google Chrome or Chromium, or run npx playwright install chromium';
  return {
    missing: `No Chromium, Chrome or Edge was found for the end-to-end tests: ${install}, or set CHROMIUM_PATH to one.`,
  };
}

/** findBrowser for this machine. */
export function findThisBrowser(): BrowserChoice {
  return findBrowser({
    env: process.env,
    platform: process.platform,
    exists: (p) => fs.existsSync(p),
    playwrightBrowser: () => {
      try {
        return chromium.executablePath();
      } catch {
        // Playwright knows no download location for this platform.
        return null;
      }
    },
  });
}
