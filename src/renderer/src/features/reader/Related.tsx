import { useEffect, useState } from 'react';
import type { Briefing, SimilarBriefing } from '../../../../shared/model';
import { api, call } from '../../bridge';
import { useStore } from '../../store';

/**
 * The briefing's own "More Insights" teasers, each marked "in library" (a link to the matching
 * briefing) or "not in library", and the five most similar briefings with the terms they share.
 */
export function Related({ briefing }: { briefing: Briefing }) {
  const openBriefing = useStore((s) => s.openBriefing);
  const [matches, setMatches] = useState<({ id: number; title: string } | null)[] | null>(null);
  const [similar, setSimilar] = useState<SimilarBriefing[] | null>(null);

  useEffect(() => {
    // The parent keys this component by briefing, so state starts empty for each one.
    let live = true;
    if (briefing.related.length > 0) {
      void call(api().matchTitles({ titles: briefing.related.map((r) => r.title), exclude: briefing.id })).then((r) => {
        if (live) setMatches('value' in r ? r.value : []);
      });
    }
    void call(api().similarBriefings({ id: briefing.id, limit: 5 })).then((r) => {
      if (live) setSimilar('value' in r ? r.value : []);
    });
    return () => {
      live = false;
    };
  }, [briefing.id, briefing.related]);

  return (
    <>
      {briefing.related.length > 0 && (
        <aside className="related" aria-labelledby="related-title">
          <h2 id="related-title">More insights</h2>
          <ol>
            {briefing.related.map((r, i) => {
              const m = matches?.[i] ?? null;
              return (
                <li key={i}>
                  <h3>
                    {m ? (
                      <a
                        href={`#briefing-${m.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          void openBriefing(m.id as never);
                        }}
                      >
                        {r.title}
                      </a>
                    ) : (
                      r.title
                    )}{' '}
                    {matches && (
                      <span className={`badge ${m ? 'in-library' : 'not-in-library'}`}>
                        {m ? 'in library' : 'not in library'}
                      </span>
                    )}
                  </h3>
                  {r.teaser && <p>{r.teaser}</p>}
                </li>
              );
            })}
          </ol>
        </aside>
      )}
      {similar && similar.length > 0 && (
        <aside className="similar" aria-labelledby="similar-title">
          <h2 id="similar-title">Related in your library</h2>
          <ul>
            {similar.map((s) => (
              <li key={s.briefing.id}>
                <a
                  href={`#briefing-${s.briefing.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    void openBriefing(s.briefing.id);
                  }}
                >
                  {s.briefing.title}
                </a>
                <span className="reason">shares {s.shared.slice(0, 5).join(', ')}</span>
              </li>
            ))}
          </ul>
        </aside>
      )}
    </>
  );
}
