import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

export type MenuActions = {
  importFiles(): void;
  importFolder(): void;
  importSample(): void;
  exportLibrary(): void;
  backupLibrary(): void;
  restoreLibrary(): void;
};

export function buildMenuTemplate(actions: MenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
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
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}

export function installMenu(actions: MenuActions, _win: BrowserWindow): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(actions, process.platform)));
}
