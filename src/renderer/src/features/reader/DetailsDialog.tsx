import { useState, type FormEvent } from 'react';
import type { Briefing } from '../../../../shared/model';
import { useStore } from '../../store';
import { Dialog } from '../tags/Dialog';

/**
 * Corrects what the file did not say or said wrong: a title taken from a file name, a missing
 * source, byline or date. Saved as one step that Undo (Ctrl/Cmd+Z) takes back.
 */
export function DetailsDialog({ briefing, onClose }: { briefing: Briefing; onClose: () => void }) {
  const editDetails = useStore((s) => s.editDetails);
  const [title, setTitle] = useState(briefing.title);
  const [source, setSource] = useState(briefing.source ?? '');
  const [byline, setByline] = useState(briefing.byline ?? '');
  const [date, setDate] = useState(briefing.publishedAt?.slice(0, 10) ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (title.trim() === '') {
      setError('A title cannot be empty.');
      return;
    }
    setSaving(true);
    const failed = await editDetails({
      title: title.trim(),
      source: source.trim() || null,
      byline: byline.trim() || null,
      // Only sent when it changed, so a stored time of day is not cut to the day by a save.
      ...(date !== (briefing.publishedAt?.slice(0, 10) ?? '') ? { publishedAt: date || null } : {}),
    });
    setSaving(false);
    if (failed) setError(failed.message);
    else onClose();
  };

  return (
    <Dialog title="Edit details" onClose={onClose}>
      <form className="details-form" onSubmit={(e) => void save(e)}>
        <label>
          Title
          <input
            value={title}
            onChange={(e) => {
              setTitle(e.target.value);
              setError(null);
            }}
            maxLength={1000}
            autoFocus
          />
        </label>
        <label>
          Source
          <input
            value={source}
            onChange={(e) => setSource(e.target.value)}
            maxLength={500}
            placeholder="e.g. Reuters"
          />
        </label>
        <label>
          Byline
          <input value={byline} onChange={(e) => setByline(e.target.value)} maxLength={500} placeholder="Author" />
        </label>
        <label>
          Published
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
