/**
 * A title as plain text. Real files carry markup in their titles: Markdown badges
 * ("plugin-react [![npm](https://img.shields.io/…)](…)"), backticks ("`react`"), raw HTML from a
 * PDF's metadata ("<b>Electronegativity<b><br>…") or a README heading ("YAML <a href=…>"). None
 * of it is meant to be read as characters: images go, links keep their words, code marks and
 * tags go, entities are decoded.
 */
export function plainTitle(raw: string): string {
  let s = raw;
  // Images first (a badge is an image inside a link), then links keep their text.
  // Both inline ([text](url)) and reference ([text][ref]) forms.
  for (let i = 0; i < 3 && /!?\[[^\]]*\](\([^)]*\)|\[[^\]]*\])/.test(s); i++) {
    s = s.replace(/!\[[^\]]*\](\([^)]*\)|\[[^\]]*\])/g, '').replace(/\[([^\]]*)\](\([^)]*\)|\[[^\]]*\])/g, '$1');
  }
  s = s
    .replace(/\[!?\[?\s*\]?\]/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/gi, ' ')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#\d+|#x[0-9a-f]+);/gi, (all, name: string) => {
      const n = name.toLowerCase();
      if (n.startsWith('#x')) return String.fromCodePoint(parseInt(n.slice(2), 16));
      if (n.startsWith('#')) return String.fromCodePoint(Number(n.slice(1)));
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }[n] ?? all;
    })
    .replace(/\s+#+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  // What is left of a line made only of badges and separators ("| |", "-").
  return /^[\s|·•\-–—:]*$/.test(s) ? '' : s;
}
