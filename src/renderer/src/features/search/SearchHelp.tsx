const ROWS: [string, string][] = [
  ['budget talks', 'both words (each also matches longer words: "govern" finds "governance")'],
  ['"global dialogue"', 'the exact phrase'],
  ['-draft', 'without this word'],
  ['eu OR nato', 'either word; use ( ) to group'],
  ['title:budget', 'in the title'],
  ['tag:policy   -tag:draft', 'tagged (tag:policy includes policy/eu), or not'],
  ['source:reuters', 'from a site, publisher or sender'],
  ['is:unread   is:starred', 'also is:read, is:in-progress, is:archived'],
  ['format:pdf', 'txt, md, html, pdf, eml, docx, json'],
  ['after:2025-01-01   before:2025-06', 'published (or imported) in a date range'],
  ['published:2025-01..2025-03', 'a range of months; published:2025 for a year'],
  ['in:highlights word', 'the word in one of your highlights, their notes or a note on a briefing'],
];

/** The query language at a glance (the README has the same table). */
export function SearchHelp({ onClose }: { onClose: () => void }) {
  return (
    <div
      className="search-help"
      role="dialog"
      aria-label="Search syntax"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <table>
        <tbody>
          {ROWS.map(([q, what]) => (
            <tr key={q}>
              <td>
                <code>{q}</code>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Accents and case are ignored. When nothing matches, close spellings are shown.</p>
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </div>
  );
}
