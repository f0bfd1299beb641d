import { useStore } from '../../store';

export function EmptyLibrary() {
  const importSample = useStore((s) => s.importSample);
  const importWithDialog = useStore((s) => s.importWithDialog);
  const running = useStore((s) => s.imports.running);
  return (
    <section className="empty" aria-labelledby="empty-title">
      <div className="empty-card">
        <h2 id="empty-title">Your library is empty</h2>
        <p>
          Briefings keeps saved articles, policy briefings, newsletters and reports on this computer, so you can read
          and search them offline. Start with the sample briefing, or import your own files.
        </p>
        <div className="empty-actions">
          <button type="button" className="primary" onClick={() => void importSample()} disabled={running}>
            Import the sample briefing
          </button>
          <button type="button" onClick={() => void importWithDialog('files')} disabled={running}>
            Import files…
          </button>
          <button type="button" onClick={() => void importWithDialog('folder')} disabled={running}>
            Import a folder…
          </button>
        </div>
        <p className="hint">
          Or drop files and folders anywhere on this window. Briefings reads web pages (.html), PDFs, emails (.eml,
          .mbox), Word documents (.docx), Markdown, plain text, Briefings exports (.json) and .zip archives of them.
        </p>
      </div>
    </section>
  );
}
