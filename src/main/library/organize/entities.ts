import nlp from 'compromise';

export type EntityKind = 'person' | 'organisation' | 'place' | 'phrase';
export type Entity = { name: string; kind: EntityKind; count: number };

/** Longer texts are cut here: the names that matter appear early, and compromise is ~4 ms/kB. */
export const MAX_ENTITY_TEXT = 40_000;

// Words compromise sometimes tags as names or topics that make useless tags.
const STOP = new Set(['he', 'she', 'they', 'it', 'we', 'you', 'i', 'this', 'that', 'mr', 'ms', 'mrs', 'dr']);

/**
 * People, organisations and places named in a text, and its repeated multi-word noun phrases
 * ("AI governance"), each with how often it occurs, spelled as most often written. Uses
 * compromise (a maintained rule-based English NLP library); runs in a worker thread because a
 * 1,000-word briefing takes 200-400 ms.
 */
export function extractEntities(text: string): Entity[] {
  const doc = nlp(text.slice(0, MAX_ENTITY_TEXT));
  const found = new Map<string, { kind: EntityKind; count: number; spellings: Map<string, number> }>();
  const add = (kind: EntityKind, raw: string): void => {
    const name = clean(raw);
    const key = name.toLowerCase();
    if (name.length < 2 || STOP.has(key) || !/\p{L}/u.test(name)) return;
    const entry = found.get(key) ?? { kind, count: 0, spellings: new Map<string, number>() };
    entry.count++;
    entry.spellings.set(name, (entry.spellings.get(name) ?? 0) + 1);
    found.set(key, entry);
  };
  for (const t of doc.people().out('array') as string[]) add('person', t);
  for (const t of doc.organizations().out('array') as string[]) add('organisation', t);
  for (const t of doc.places().out('array') as string[]) add('place', t);
  for (const t of doc.nouns().not('#Determiner').not('#Pronoun').out('array') as string[]) {
    // Only multi-word phrases: single nouns are better served by existing tags and names.
    const name = clean(t);
    if (name.split(' ').length >= 2 && name.split(' ').length <= 4 && !found.has(name.toLowerCase())) {
      add('phrase', name);
    } else if (found.get(name.toLowerCase())?.kind === 'phrase') add('phrase', name);
  }
  const sample = text.slice(0, MAX_ENTITY_TEXT);
  return [...found.values()].map((e) => {
    const name = [...e.spellings].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    // After the first mention people are usually named by surname alone ("Kratsios said"),
    // which compromise does not always tag as a person: count those mentions too.
    const surname = e.kind === 'person' && name.includes(' ') ? (name.split(' ').pop() ?? '') : '';
    const bySurname =
      surname.length >= 3
        ? (sample.match(new RegExp(`(?<![\\p{L}])${escapeRegExp(surname)}(?![\\p{L}])`, 'gu'))?.length ?? 0)
        : 0;
    return { kind: e.kind, count: Math.max(e.count, bySurname), name };
  });
}

/** Drops possessives, surrounding punctuation and leading titles ("President Donald Trump's," -> "Donald Trump"). */
function clean(raw: string): string {
  const name = raw
    .replace(/[’']s\b/g, '')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, '')
    .replace(/\.$/, '')
    .replace(/^(president|general|secretary|minister|director|senator|mr|ms|mrs|dr)\.?\s+/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  // Dotted acronyms keep their final dot ("U.N."), which the punctuation rule above removed.
  return /^(\p{Lu}\.)+\p{Lu}$/u.test(name) ? `${name}.` : name;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
