import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * Real text nobody here wrote, as plain-text files: the copyright notices and Debian changelogs
 * the machine's packages ship under /usr/share/doc, distinct by content. Returns the paths.
 */
export function writeRealTextFiles(dir: string, max: number): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (name: string, text: string): void => {
    const body = text.trim();
    if (out.length >= max || body.length < 200 || seen.has(body)) return;
    seen.add(body);
    const file = path.join(dir, `${name}.txt`);
    fs.writeFileSync(file, `${body}\n`);
    out.push(file);
  };
  const packages = fs.readdirSync('/usr/share/doc').sort();
  for (const pkg of packages) {
    const base = path.join('/usr/share/doc', pkg);
    try {
      add(`${pkg}-copyright`, fs.readFileSync(path.join(base, 'copyright'), 'utf8'));
    } catch {
      // Not every package ships one.
    }
    try {
      add(
        `${pkg}-changelog`,
        zlib.gunzipSync(fs.readFileSync(path.join(base, 'changelog.Debian.gz'))).toString('utf8'),
      );
    } catch {
      // Nor a changelog.
    }
    if (out.length >= max) break;
  }
  return out;
}
