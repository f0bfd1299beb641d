import { api } from '../../bridge';
import { Dialog } from '../tags/Dialog';

/** Asks before a web link leaves the app for the system browser. */
export function LinkConfirm({ url, onClose }: { url: string; onClose: () => void }) {
  return (
    <Dialog title="Open in your browser?" onClose={onClose}>
      <p className="link-url">{url}</p>
      <div className="dialog-row">
        <button
          type="button"
          className="primary"
          autoFocus
          onClick={() => {
            void api().openExternal({ url });
            onClose();
          }}
        >
          Open in browser
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
