import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Briefings';

/**
 * The per-user data folder, computed exactly as Electron's app.getPath('userData') does for an
 * app named "Briefings", so the CLI and the desktop app open the same library by default.
 */
export function userDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export function defaultLibraryPath(): string {
  return process.env.BRIEFINGS_DB ?? path.join(userDataDir(), 'library.db');
}
