import { useEffect, useState } from 'react';
import { Dialog } from '../tags/Dialog';
import { READER_EVENT, SHORTCUTS } from './commands';

/** "?" (or Help > Keyboard Shortcuts) lists every shortcut. */
export function ShortcutsDialog() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const show = (): void => setOpen(true);
    window.addEventListener(READER_EVENT.shortcuts, show);
    return () => window.removeEventListener(READER_EVENT.shortcuts, show);
  }, []);
  if (!open) return null;
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => setOpen(false)}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="dialog-hint">Every action is also in the application menu.</p>
    </Dialog>
  );
}
