import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/model';

export type MenuActions = {
  importFiles(): void;
  importFolder(): void;
  importSample(): void;
  exportLibrary(): void;
  backupLibrary(): void;
  restoreLibrary(): void;
  /** Reader and library commands, carried out by the window. */
  command(c: MenuCommand): void;
};

/**
 * `developer` adds Reload and DevTools: only for a development build. In a packaged app DevTools
 * would hand anyone at the keyboard a console inside the renderer and its bridge.
 */
export function buildMenuTemplate(
  actions: MenuActions,
  platform: NodeJS.Platform,
  developer = false,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Import Files…', accelerator: 'CmdOrCtrl+O', click: () => actions.importFiles() },
      { label: 'Import Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.importFolder() },
      { label: 'Import Sample Briefing', click: () => actions.importSample() },
      { type: 'separator' },
      { label: 'Export Library…', accelerator: 'CmdOrCtrl+Shift+E', click: () => actions.exportLibrary() },
      { label: 'Back Up Library…', click: () => actions.backupLibrary() },
      { label: 'Restore Library from Backup…', click: () => actions.restoreLibrary() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  // Single-key shortcuts are shown but not registered with the OS: the window handles them, so
  // typing "j" in a text field stays typing.
  const key = (label: string, accelerator: string, c: MenuCommand, register = false): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: register,
    click: () => actions.command(c),
  });
  const briefing: MenuItemConstructorOptions = {
    label: 'Briefing',
    submenu: [
      key('Mark Read / Unread', 'U', 'toggle-read'),
      key('Star / Unstar', 'S', 'toggle-star'),
      key('Archive / Unarchive', 'E', 'toggle-archive'),
      key('Add Tag…', 'T', 'add-tag'),
      key('Note on Briefing…', 'N', 'edit-note'),
      { type: 'separator' },
      key('Open Original File', 'CmdOrCtrl+Shift+Enter', 'open-original', true),
      key('Show Original in Folder', 'CmdOrCtrl+Shift+R', 'show-original', true),
      // Not registered: the window handles Ctrl/Cmd+P itself, and both would open two print dialogs.
      key('Print Briefing…', 'CmdOrCtrl+P', 'print'),
      { type: 'separator' },
      key('Undo Last Library Action', 'CmdOrCtrl+Z', 'undo'),
    ],
  };
  const go: MenuItemConstructorOptions = {
    label: 'Go',
    submenu: [
      key('Next Briefing', 'J', 'next-briefing'),
      key('Previous Briefing', 'K', 'previous-briefing'),
      key('Read Selected Briefing', 'O', 'open-briefing'),
      key('Page Down', 'Space', 'page-down'),
      key('Page Up', 'Shift+Space', 'page-up'),
      key('Next Section', ']', 'next-section'),
      key('Previous Section', '[', 'previous-section'),
      { type: 'separator' },
      key('Search', 'CmdOrCtrl+K', 'search', true),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [key('Keyboard Shortcuts', '?', 'shortcuts')],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    briefing,
    go,
    {
      label: 'View',
      submenu: [
        ...(developer
          ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    help,
  ];
}

export function installMenu(actions: MenuActions, developer: boolean): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(actions, process.platform, developer)));
}
