import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/main/library/db/open';
import { mailFiles, SOTU } from './real-material';

/**
 * A labelled set for "Related in your library" (issue 20, point 5), built from real text nobody
 * here wrote: mailing-list mail from SpamAssassin's ham, where the messages of one thread (same
 * subject once "Re:", "Fwd:" and "[list]" are taken off) are related to each other, and State
 * of the Union speeches, where the speeches of one president are related to each other. Any
 * other pair is counted unrelated: a mail and a speech, two threads, two presidents. That is
 * strict (two threads can share a topic), so the precision it gives is a lower bound.
 */
export type Labelled = { file: string; kind: 'mail' | 'speech' | 'reference'; label: string };

/** A subject with reply and forward prefixes and list tags removed, for grouping a thread. */
export function threadKey(subject: string): string {
  let s = subject.replace(/\s+/g, ' ').trim();
  for (let before = ''; before !== s;) {
    before = s;
    s = s
      .replace(/^\s*(re|fw|fwd|aw|sv)(\[\d+\])?\s*:\s*/i, '')
      .replace(/^\s*\[[^\]]{1,40}\]\s*/, '')
      .trim();
  }
  return s.toLowerCase();
}

const subjectOf = (raw: string): string => {
  const head = raw.slice(0, Math.max(0, raw.search(/\r?\n\r?\n/)));
  const m = /^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(head);
  return (m?.[1] ?? '').replace(/\r?\n[ \t]+/g, ' ');
};

/**
 * Writes the set into `dir`: every message of the threads with at least `minThread` messages
 * (up to `maxMail`), plus as many other real messages as distractors, the `speeches` most recent
 * speeches, and the reference briefing (an AI-governance article that nothing in the set is about).
 */
export function writeRelatedSet(
  dir: string,
  opts: { maxMail: number; distractors: number; speeches: number; minThread?: number; reference: string },
): Labelled[] {
  fs.mkdirSync(dir, { recursive: true });
  const all = [...mailFiles('easy-ham-1'), ...mailFiles('easy-ham-2')].map((m) => {
    const raw = fs.readFileSync(m.file, 'latin1');
    return { ...m, key: threadKey(subjectOf(raw)) };
  });
  const sizes = new Map<string, number>();
  for (const m of all) if (m.key.length > 3) sizes.set(m.key, (sizes.get(m.key) ?? 0) + 1);
  const inThreads = all.filter((m) => (sizes.get(m.key) ?? 0) >= (opts.minThread ?? 3)).slice(0, opts.maxMail);
  const chosen = new Set(inThreads.map((m) => m.file));
  const others = all.filter((m) => !chosen.has(m.file) && (sizes.get(m.key) ?? 0) === 1).slice(0, opts.distractors);
  const out: Labelled[] = [];
  for (const m of [...inThreads, ...others]) {
    const target = path.join(dir, `${m.name}.eml`);
    fs.copyFileSync(m.file, target);
    out.push({ file: target, kind: 'mail', label: `thread:${m.key}` });
  }
  const speeches = fs
    .readdirSync(SOTU)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .reverse()
    .slice(0, opts.speeches);
  for (const f of speeches) {
    const target = path.join(dir, f);
    fs.copyFileSync(path.join(SOTU, f), target);
    // "2019_donald_j_trump_r.txt": the president is the middle part.
    out.push({ file: target, kind: 'speech', label: `president:${f.replace(/^\d{4}_|_[a-z]+\.txt$/g, '')}` });
  }
  const ref = path.join(dir, 'reference.txt');
  fs.copyFileSync(opts.reference, ref);
  out.push({ file: ref, kind: 'reference', label: 'reference' });
  return out;
}

export type RelatedScore = {
  /** Queries with at least two related briefings in the library. */
  queries: number;
  /** Of those, how many got at least one result. */
  answered: number;
  /** Mean, over answered queries, of related shown / shown (top 5). */
  precisionAt5: number;
  /** Mean, over all queries, of related shown / min(5, related in library). */
  recallAt5: number;
  /** Results that are of another kind (a speech for a mail, or the reverse): plainly unrelated. */
  crossKind: number;
  shown: number;
  /** What the reference briefing (related to nothing here) was offered. */
  reference: string[];
};

/** Scores a `similar` function on the imported set (briefings matched to files by their path). */
export async function scoreRelated(
  db: Db,
  set: Labelled[],
  similar: (id: number) => Promise<{ id: number; title: string }[]>,
  sample = Infinity,
): Promise<RelatedScore> {
  const byPath = new Map(set.map((l) => [l.file, l]));
  const rows = db.prepare('SELECT id, original_path AS p FROM briefings').all() as { id: number; p: string }[];
  const label = new Map<number, Labelled>();
  for (const r of rows) {
    const l = byPath.get(r.p);
    if (l) label.set(r.id, l);
  }
  const count = new Map<string, number>();
  for (const l of label.values()) count.set(l.label, (count.get(l.label) ?? 0) + 1);
  const queries = [...label].filter(([, l]) => (count.get(l.label) ?? 0) >= 3).slice(0, sample);
  let answered = 0;
  let precision = 0;
  let recall = 0;
  let crossKind = 0;
  let shown = 0;
  for (const [id, l] of queries) {
    const found = await similar(id);
    const related = found.filter((f) => label.get(f.id)?.label === l.label).length;
    crossKind += found.filter((f) => {
      const k = label.get(f.id)?.kind;
      return k !== undefined && k !== l.kind;
    }).length;
    shown += found.length;
    recall += related / Math.min(5, (count.get(l.label) ?? 1) - 1);
    if (found.length > 0) {
      answered++;
      precision += related / found.length;
    }
  }
  const refId = [...label].find(([, l]) => l.kind === 'reference')?.[0];
  const reference = refId === undefined ? [] : (await similar(refId)).map((f) => f.title);
  return {
    queries: queries.length,
    answered,
    precisionAt5: answered ? precision / answered : 0,
    recallAt5: queries.length ? recall / queries.length : 0,
    crossKind,
    shown,
    reference,
  };
}
