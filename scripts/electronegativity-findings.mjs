// Writes the current electronegativity findings as allow-list entries (id, file, line, code), for
// reviewing them into security/electronegativity-allowlist.json after code moves. Reasons are
// kept from entries with the same id and file; a new finding gets "REVIEW ME", which the test
// refuses (reasons must be written by a person).
import run from '@doyensec/electronegativity';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const listPath = path.join(root, 'security/electronegativity-allowlist.json');
const list = JSON.parse(fs.readFileSync(listPath, 'utf8'));
const result = await run({ input: path.join(root, 'src'), electronVersion: version, isRelative: true });
const entries = result.issues.map((i) => {
  const code = (fs.readFileSync(path.join(root, 'src', i.file), 'utf8').split('\n')[i.location.line - 1] ?? '').trim();
  const before =
    list.allowed.find((a) => a.id === i.id && a.file === i.file && a.code === code) ??
    list.allowed.find((a) => a.id === i.id && a.file === i.file);
  return { id: i.id, file: i.file, line: i.location.line, code, reason: before?.reason ?? 'REVIEW ME' };
});
// Sorted, so a rerun without code changes rewrites nothing (the tool's own order varies).
entries.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.id.localeCompare(b.id));
// The tool prints its own chatter on stdout, so the list is written to the file, not printed.
fs.writeFileSync(listPath, JSON.stringify({ ...list, allowed: entries }, null, 2) + '\n');
console.error(`wrote ${entries.length} entries to ${path.relative(root, listPath)}; review every reason`);
