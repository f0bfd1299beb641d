import { useState } from 'react';
import { useStore } from '../../store';
import { TagInput } from '../tags/TagInput';

/**
 * Actions on the selected briefings, or on every briefing of the view or search ("Select all N").
 * Each one is a single undoable step.
 */
export function BulkBar({ total }: { total: number }) {
  const selection = useStore((s) => s.organize.selection);
  const bulk = useStore((s) => s.bulk);
  const deleteSelected = useStore((s) => s.deleteSelected);
  const selectAllMatching = useStore((s) => s.selectAllMatching);
  const clearSelection = useStore((s) => s.clearSelection);
  const [mode, setMode] = useState<'add' | 'remove' | 'delete' | null>(null);
  const count = selection.all ? total : selection.ids.length;
  if (count < 2 && !selection.all) return null;
  const n = count.toLocaleString();
  return (
    <div className="bulk-bar" role="toolbar" aria-label={`Actions for ${n} selected briefings`}>
      <span className="bulk-count" aria-live="polite">
        {selection.all ? `All ${n} selected` : `${n} selected`}
      </span>
      {!selection.all && total > count && (
        <button type="button" className="link" onClick={selectAllMatching}>
          Select all {total.toLocaleString()}
        </button>
      )}
      {mode === 'add' || mode === 'remove' ? (
        <TagInput
          label={mode === 'add' ? `Tag to add to ${n} briefings` : `Tag to remove from ${n} briefings`}
          autoFocus
          onSubmit={(name) => {
            setMode(null);
            void bulk(mode === 'add' ? { addTags: [name] } : { removeTags: [name] });
          }}
          onCancel={() => setMode(null)}
        />
      ) : mode === 'delete' ? (
        <>
          <span role="status">Delete {n} briefings? You can undo this.</span>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setMode(null);
              void deleteSelected();
            }}
          >
            Delete {n}
          </button>
          <button type="button" onClick={() => setMode(null)}>
            Keep
          </button>
        </>
      ) : (
        <>
          <button type="button" onClick={() => setMode('add')}>
            Add tag…
          </button>
          <button type="button" onClick={() => setMode('remove')}>
            Remove tag…
          </button>
          <button type="button" onClick={() => void bulk({ readState: 'read' })}>
            Mark read
          </button>
          <button type="button" onClick={() => void bulk({ readState: 'unread' })}>
            Mark unread
          </button>
          <button type="button" onClick={() => void bulk({ starred: true })}>
            Star
          </button>
          <button type="button" onClick={() => void bulk({ archived: true })}>
            Archive
          </button>
          <button type="button" className="danger" onClick={() => setMode('delete')}>
            Delete…
          </button>
        </>
      )}
      <button type="button" className="icon" aria-label="Clear selection" onClick={clearSelection}>
        ✕
      </button>
    </div>
  );
}
