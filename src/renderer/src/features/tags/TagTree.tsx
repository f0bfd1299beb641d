import { useMemo, useState } from 'react';
import type { TagInfo } from '../../../../shared/model';
import { useStore } from '../../store';
import { sameFilter } from '../../store/library-slice';
import { TagManager } from './TagManager';

type Node = TagInfo & { depth: number; hasChildren: boolean };

/**
 * The tag tree with counts (a parent's count includes its children, as its view does). Parents
 * fold; each tag opens its view on click and its manager (rename, merge, move, colour, delete)
 * from the ⋯ button.
 */
export function TagTree() {
  const tags = useStore((s) => s.organize.tags);
  const filter = useStore((s) => s.library.filter);
  const setFilter = useStore((s) => s.setFilter);
  const [folded, setFolded] = useState<Set<string>>(new Set());
  const [managing, setManaging] = useState<TagInfo | null>(null);
  const nodes = useMemo<Node[]>(() => {
    const names = new Set(tags.map((t) => t.name.toLowerCase()));
    return tags.map((t) => ({
      ...t,
      depth: t.name.split('/').length - 1,
      hasChildren: [...names].some((n) => n.startsWith(`${t.name.toLowerCase()}/`)),
    }));
  }, [tags]);
  const hidden = (n: Node): boolean => [...folded].some((f) => n.name.toLowerCase().startsWith(`${f.toLowerCase()}/`));

  return (
    <section className="sidebar-section" aria-labelledby="tags-title">
      <h3 id="tags-title">Tags</h3>
      {nodes.length === 0 && (
        <p className="sidebar-hint">Tag a briefing with t, or select several and tag them at once.</p>
      )}
      <ul className="tag-tree" role="tree" aria-labelledby="tags-title">
        {nodes
          .filter((n) => !hidden(n))
          .map((n) => {
            const active = sameFilter(filter, { tag: n.name });
            const leaf = n.name.split('/').pop() ?? n.name;
            return (
              <li
                key={n.name}
                role="treeitem"
                aria-level={n.depth + 1}
                aria-selected={active}
                aria-expanded={n.hasChildren ? !folded.has(n.name) : undefined}
                className="tag-node"
                style={{ paddingLeft: n.depth * 14 }}
              >
                {n.hasChildren ? (
                  <button
                    type="button"
                    className="icon fold"
                    aria-label={`${folded.has(n.name) ? 'Expand' : 'Collapse'} ${n.name}`}
                    onClick={() =>
                      setFolded((f) => {
                        const next = new Set(f);
                        if (next.has(n.name)) next.delete(n.name);
                        else next.add(n.name);
                        return next;
                      })
                    }
                  >
                    {folded.has(n.name) ? '▸' : '▾'}
                  </button>
                ) : (
                  <span className="fold-space" />
                )}
                <button
                  type="button"
                  className={`tag-link${active ? ' active' : ''}`}
                  aria-current={active ? 'page' : undefined}
                  aria-label={`Tag ${n.name}, ${n.count} briefings`}
                  onClick={() => setFilter({ tag: n.name })}
                >
                  <span className="swatch" style={{ background: n.color ?? 'transparent' }} />
                  <span className={n.exists ? '' : 'implied'}>{leaf}</span>
                  <span className="count">{n.count.toLocaleString()}</span>
                </button>
                <button
                  type="button"
                  className="icon more"
                  aria-label={`Manage tag ${n.name}`}
                  onClick={() => setManaging(n)}
                >
                  ⋯
                </button>
              </li>
            );
          })}
      </ul>
      {managing && <TagManager tag={managing} onClose={() => setManaging(null)} />}
    </section>
  );
}
