import { useState } from 'react';
import type { RenamePreview, TagInfo } from '../../../../shared/model';
import { useStore } from '../../store';
import { Dialog } from './Dialog';

/**
 * Rename (a new path moves the tag with its subtree; an existing name merges, after a preview
 * with both counts), recolour with any colour, or delete. Every change can be undone.
 */
export function TagManager({ tag, onClose }: { tag: TagInfo; onClose: () => void }) {
  const previewRename = useStore((s) => s.previewRename);
  const renameTag = useStore((s) => s.renameTag);
  const recolorTag = useStore((s) => s.recolorTag);
  const deleteTag = useStore((s) => s.deleteTag);
  const [name, setName] = useState(tag.name);
  const [preview, setPreview] = useState<RenamePreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [color, setColor] = useState(tag.color ?? '#3b82f6');

  const finish = (err: { message: string } | null): void => {
    if (err) setProblem(err.message);
    else onClose();
  };

  return (
    <Dialog title={`Tag '${tag.name}'`} onClose={onClose}>
      <p className="dialog-note">
        {tag.count.toLocaleString()} {tag.count === 1 ? 'briefing' : 'briefings'}
        {tag.exists ? '' : ' (a parent of other tags)'}
      </p>
      <form
        className="dialog-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (preview) {
            void renameTag(tag.name, name).then(finish);
            return;
          }
          void previewRename(tag.name, name).then((r) => {
            if ('error' in r) setProblem(r.error.message);
            else setPreview(r.value);
          });
        }}
      >
        <label htmlFor="tag-rename">Name or path</label>
        <input
          id="tag-rename"
          value={name}
          maxLength={200}
          autoFocus
          onChange={(e) => {
            setName(e.target.value);
            setPreview(null);
            setProblem(null);
          }}
        />
        <button type="submit" className={preview ? 'primary' : ''} disabled={name.trim() === '' || name === tag.name}>
          {preview ? (preview.kind === 'merge' ? 'Merge' : 'Rename') : 'Rename…'}
        </button>
      </form>
      {preview && (
        <p className="dialog-confirm" role="status">
          {preview.message}
        </p>
      )}
      <p className="dialog-hint">
        Type a new path to move it (policy/eu → europe), or an existing tag&apos;s name to merge.
      </p>
      <div className="dialog-row">
        <label htmlFor="tag-color">Colour</label>
        <input id="tag-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} />
        <button type="button" onClick={() => void recolorTag(tag.name, color).then(finish)}>
          Set colour
        </button>
        {tag.color && (
          <button type="button" onClick={() => void recolorTag(tag.name, null).then(finish)}>
            No colour
          </button>
        )}
      </div>
      <div className="dialog-row">
        {confirmDelete ? (
          <>
            <span role="status">
              Remove &apos;{tag.name}&apos; and the tags below it from {tag.count.toLocaleString()} briefings?
            </span>
            <button type="button" className="danger" onClick={() => void deleteTag(tag.name).then(finish)}>
              Delete tag
            </button>
            <button type="button" onClick={() => setConfirmDelete(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
            Delete tag…
          </button>
        )}
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </Dialog>
  );
}
