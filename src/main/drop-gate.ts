import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * One-time tokens for files dropped on the window. The preload asks for a token only from a
 * trusted drop event (one the user made; page script cannot make `isTrusted` events) and only
 * after main has checked that the pointer is over the window. `import:dropped` is then accepted
 * once, within a minute, and only for paths that drop carried: a renderer that was taken over
 * cannot name ~/private.txt and have it imported, because no drop of it was ever registered.
 */
export type DropGate = {
  /** Registers a drop's paths; returns the token, or null when they cannot be from a drop. */
  issue(paths: readonly string[]): string | null;
  /** True once per token, within its lifetime, when every path came with that drop. */
  redeem(token: string, paths: readonly string[]): boolean;
};

export type DropGateOptions = {
  ttlMs?: number;
  now?: () => number;
  /** Where the pointer is, asked of the window system: false when it is not over the window. */
  pointerOverWindow?: () => boolean;
};

/** A drop is one gesture; more live tokens than this means something is asking in a loop. */
const MAX_LIVE = 8;

export function createDropGate({
  ttlMs = 60_000,
  now = Date.now,
  pointerOverWindow = () => true,
}: DropGateOptions = {}): DropGate {
  const live = new Map<string, { paths: Set<string>; at: number }>();
  const sweep = (): void => {
    for (const [token, entry] of live) if (now() - entry.at > ttlMs) live.delete(token);
  };
  return {
    issue(paths) {
      sweep();
      if (paths.length === 0 || !pointerOverWindow()) return null;
      // A real drop names files and folders that exist, by absolute path.
      if (paths.some((p) => !path.isAbsolute(p) || !fs.existsSync(p))) return null;
      while (live.size >= MAX_LIVE) {
        const oldest = live.keys().next().value;
        if (oldest === undefined) break;
        live.delete(oldest);
      }
      const token = randomUUID();
      live.set(token, { paths: new Set(paths), at: now() });
      return token;
    },
    redeem(token, paths) {
      sweep();
      const entry = live.get(token);
      live.delete(token);
      return entry !== undefined && paths.length > 0 && paths.every((p) => entry.paths.has(p));
    },
  };
}
