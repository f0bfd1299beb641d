import fs from 'node:fs';

/**
 * Notices when the library file is replaced under an open connection (restored by hand, copied
 * over in a file manager, swapped by a sync tool). The connection keeps reading and writing the
 * old, now unlinked file, so everything done from then on would be lost: the app checks this
 * whenever its window gains focus and every few seconds, and reopens the library when it fires.
 * A replaced file has a new inode (or device); a file written in place keeps its own.
 */
export type ReplacementWatch = {
  /** True (and onReplaced called, once) if the file at the path is no longer the one opened. */
  check(): boolean;
  stop(): void;
};

export function watchReplacement(file: string, onReplaced: () => void, intervalMs = 5000): ReplacementWatch {
  const identity = (): string | null => {
    try {
      const s = fs.statSync(file);
      return `${s.dev}:${s.ino}`;
    } catch {
      return null;
    }
  };
  const opened = identity();
  let fired = false;
  const check = (): boolean => {
    if (fired) return true;
    if (opened === null || identity() === opened) return false;
    fired = true;
    stop();
    onReplaced();
    return true;
  };
  const timer = intervalMs > 0 ? setInterval(check, intervalMs) : null;
  // A timer must not keep a CLI or a test alive.
  timer?.unref();
  const stop = (): void => {
    if (timer) clearInterval(timer);
  };
  return { check, stop };
}
