import { useStore } from '../../store';
import type { LibraryFilter } from '../../store/library-slice';

const ITEMS: {
  filter: LibraryFilter;
  label: string;
  count: (s: { total: number; unread: number; starred: number; archived: number }) => number;
}[] = [
  { filter: 'all', label: 'All', count: (s) => s.total - s.archived },
  { filter: 'unread', label: 'Unread', count: (s) => s.unread },
  { filter: 'starred', label: 'Starred', count: (s) => s.starred },
  { filter: 'archived', label: 'Archive', count: (s) => s.archived },
];

export function Sidebar() {
  const filter = useStore((s) => s.library.filter);
  const stats = useStore((s) => s.library.stats);
  const setFilter = useStore((s) => s.setFilter);
  return (
    <nav className="sidebar" aria-label="Library views">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.filter}>
            <button
              type="button"
              className={item.filter === filter ? 'active' : ''}
              aria-current={item.filter === filter ? 'page' : undefined}
              onClick={() => setFilter(item.filter)}
            >
              <span>{item.label}</span>
              <span className="count">{stats ? item.count(stats) : ''}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
