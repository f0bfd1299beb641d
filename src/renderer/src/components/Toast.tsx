import { useEffect } from 'react';
import { useStore } from '../store';

/** The outcome of the last action, with Undo; it fades after a while, Ctrl/Cmd+Z still works. */
export function Toast() {
  const toast = useStore((s) => s.organize.toast);
  const undo = useStore((s) => s.undo);
  const showToast = useStore((s) => s.showToast);
  useEffect(() => {
    if (!toast) return;
    const timer = window.setTimeout(() => showToast(null), toast.undoable ? 8000 : 4000);
    return () => window.clearTimeout(timer);
  }, [toast, showToast]);
  if (!toast) return null;
  return (
    <div className={`toast${toast.error ? ' toast-error' : ''}`} role={toast.error ? 'alert' : 'status'}>
      <span>{toast.message}</span>
      {toast.undoable && (
        <button type="button" onClick={() => void undo()}>
          Undo
        </button>
      )}
      <button type="button" className="icon" aria-label="Dismiss" onClick={() => showToast(null)}>
        ✕
      </button>
    </div>
  );
}
