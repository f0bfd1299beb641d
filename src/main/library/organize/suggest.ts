import type { TagInfo, TagSuggestion } from '../../../shared/model';
import { fold } from '../search/tokenize';
import type { Entity, EntityKind } from './entities';

export const MAX_SUGGESTIONS = 8;

type Candidate = { name: string; score: number; reason: string; existing: boolean };

const times = (n: number): string => (n === 1 ? 'once' : `${n} times`);

const ENTITY: Record<EntityKind, { weight: number; base: number; min: number; label: string }> = {
  person: { weight: 2, base: 0.5, min: 1, label: 'person named in the text' },
  organisation: { weight: 1.2, base: 0.5, min: 1, label: 'organisation named in the text' },
  place: { weight: 1, base: 0, min: 1, label: 'place named in the text' },
  phrase: { weight: 0.9, base: 0, min: 2, label: 'key phrase' },
};

/** "U.N." and "UN", "AI-Act" and "ai act" are one candidate. */
const keyOf = (name: string): string =>
  fold(name)
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}/]+/gu, ' ')
    .trim();

/**
 * Up to eight tag suggestions for one briefing, each with the reason shown beside it. Three
 * sources, scored on one scale: existing tags whose name occurs in the text, tags carried by
 * similar briefings, and names and key phrases found by the NLP worker. Nothing is applied: the
 * reader shows them and the user accepts one with a click.
 */
export function suggestTags({
  text,
  current,
  tags,
  similarTags,
  entities,
}: {
  /** Title, headline and text of the briefing. */
  text: string;
  /** Tags it already has (never suggested again). */
  current: string[];
  /** Every tag in the library. */
  tags: TagInfo[];
  /** The tags of each similar briefing, one array per briefing. */
  similarTags: string[][];
  entities: Entity[];
}): TagSuggestion[] {
  const have = new Set(current.map(keyOf));
  const existingByKey = new Map(tags.filter((t) => t.exists).map((t) => [keyOf(t.name), t.name]));
  const leafKey = new Map(
    tags.filter((t) => t.exists).map((t) => [keyOf(t.name.split('/').pop() ?? t.name), t.name] as const),
  );
  const out = new Map<string, Candidate>();
  const offer = (name: string, score: number, reason: string): void => {
    const existing = existingByKey.get(keyOf(name)) ?? leafKey.get(keyOf(name));
    const final = existing ?? name;
    const key = keyOf(final);
    if (key === '' || have.has(key)) return;
    const prev = out.get(key);
    if (!prev) out.set(key, { name: final, score, reason, existing: existing !== undefined });
    else {
      // Two reasons for one tag make it stronger; the stronger reason is shown first.
      const [first, second] = prev.score >= score ? [prev.reason, reason] : [reason, prev.reason];
      out.set(key, { ...prev, score: prev.score + score, reason: first === second ? first : `${first}; ${second}` });
    }
  };

  // Existing tags whose leaf name occurs in the text as whole words.
  const hay = ` ${keyOf(text)} `;
  for (const t of tags) {
    if (!t.exists || t.uses === 0) continue;
    const needle = keyOf(t.name.split('/').pop() ?? t.name);
    if (needle.length < 2) continue;
    let n = 0;
    for (
      let at = hay.indexOf(` ${needle} `);
      at >= 0 && n < 99;
      at = hay.indexOf(` ${needle} `, at + needle.length + 1)
    )
      n++;
    if (n > 0) offer(t.name, 3 + n, `appears ${times(n)}`);
  }

  // Tags that similar briefings carry.
  const counts = new Map<string, { name: string; n: number }>();
  for (const list of similarTags)
    for (const name of new Set(list)) {
      const c = counts.get(name.toLowerCase()) ?? { name, n: 0 };
      c.n++;
      counts.set(name.toLowerCase(), c);
    }
  for (const { name, n } of counts.values())
    if (n >= 2) offer(name, 2 * n, `${n} similar briefings are tagged '${name}'`);

  // People, organisations, places and key phrases.
  const merged = new Map<string, Entity>();
  for (const e of entities) {
    const key = keyOf(e.name);
    const prev = merged.get(key);
    if (!prev) merged.set(key, { ...e });
    else {
      prev.count += e.count;
      // The longer spelling wins: "U.N." over "UN".
      if (e.name.length > prev.name.length && prev.kind === e.kind) prev.name = e.name;
    }
  }
  foldAliases(merged);
  for (const e of merged.values()) {
    const rule = ENTITY[e.kind];
    if (e.count < rule.min) continue;
    const reason =
      e.kind === 'phrase'
        ? `key phrase, appears ${times(e.count)}`
        : `${rule.label}${e.count > 1 ? ` (${times(e.count)})` : ''}`;
    offer(e.name, rule.base + rule.weight * e.count, reason);
  }

  return [...out.values()]
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ name, reason, existing }) => ({ name, reason, existing }));
}

const MINOR = new Set(['of', 'the', 'and', 'for', 'on', 'in', 'de', 'la', 'du']);

/**
 * Folds short forms into the full name they stand for, within one text: an acronym into the
 * multi-word name whose initials it spells ("U.N." and "UN" into "United Nations", "EU" into
 * "European Union"), and a surname alone into the person's full name ("Kratsios" into "Michael
 * Kratsios"). The full name takes the counts, so a name used mostly in short form still ranks.
 */
function foldAliases(merged: Map<string, Entity>): void {
  const full = [...merged.entries()].filter(([, e]) => e.kind !== 'phrase' && e.name.includes(' '));
  for (const [key, e] of [...merged]) {
    if (e.name.includes(' ')) continue;
    const bare = e.name.replace(/\./g, '');
    let into: Entity | undefined;
    if (/^\p{Lu}{2,6}$/u.test(bare)) {
      into = full.find(([, f]) => {
        const initials = f.name
          .split(' ')
          .filter((w) => !MINOR.has(w.toLowerCase()))
          .map((w) => w[0] ?? '')
          .join('');
        return initials.toUpperCase() === bare;
      })?.[1];
    } else if (e.kind === 'person') {
      const matches = full.filter(([, f]) => f.kind === 'person' && f.name.split(' ').pop() === e.name);
      if (matches.length === 1) into = matches[0]?.[1];
    }
    if (into && into !== e) {
      into.count += e.count;
      merged.delete(key);
    }
  }
}
