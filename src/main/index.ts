import { app, BrowserWindow, dialog, shell } from 'electron';
import path from 'node:path';
import { compose } from './compose';
import { openExternalConfirmed, type Platform } from './handlers';
import { createEmitter, registerIpc } from './ipc';
import { openDatabase, type Db } from './library/db/open';
import { defaultLibraryPath } from './library/paths';
import { watchReplacement } from './library/db/replaced';
import { snapshotPathFor } from './library/search/search-service';
import fs from 'node:fs';
import { installMenu } from './menu';
import { backupLibrary, inspectBackup, restoreLibrary } from './library/services/backup-service';
import { confirmExternalInDialog, createMainWindow, pointerOverWindow, registerAppScheme } from './window';

// One app instance owns the library; a second launch focuses the first. The CLI can still read
// the same file because the database runs in WAL mode.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  let db: Db | null = null;
  // Links a page tries to open in a new window; set once the platform (and its dialog) exist.
  let openLink: (url: string) => void = () => undefined;
  const outDir = path.join(__dirname, '..');
  const samplesDir = app.isPackaged
    ? path.join(process.resourcesPath, 'samples')
    : path.join(app.getAppPath(), 'resources', 'samples');

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  // Before ready: the renderer's own scheme, privileged like https (see window.ts).
  registerAppScheme();

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  void app.whenReady().then(() => {
    try {
      // In development the Electron build of better-sqlite3 lives outside node_modules (see
      // scripts/start.mjs) so the Node build stays in place for tests and the CLI.
      db = openDatabase(defaultLibraryPath(), { nativeBinding: process.env.BRIEFINGS_SQLITE_BINDING });
    } catch (cause) {
      dialog.showErrorBox('Briefings cannot open its library', cause instanceof Error ? cause.message : String(cause));
      app.exit(1);
      return;
    }
    const getWindow = (): BrowserWindow | null => win;
    // Dialogs are attached to the window when there is one.
    const openDialog = (o: Electron.OpenDialogOptions): Promise<Electron.OpenDialogReturnValue> => {
      const owner = getWindow();
      return owner ? dialog.showOpenDialog(owner, o) : dialog.showOpenDialog(o);
    };
    const saveDialog = (o: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue> => {
      const owner = getWindow();
      return owner ? dialog.showSaveDialog(owner, o) : dialog.showSaveDialog(o);
    };
    const platform: Platform = {
      pickImportPaths: async (kind) => {
        const options: Electron.OpenDialogOptions = {
          title: kind === 'folder' ? 'Import a folder of briefings' : 'Import briefings',
          properties: kind === 'folder' ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
        };
        const result = await openDialog(options);
        return result.canceled ? null : result.filePaths;
      },
      pickWatchFolder: async () => {
        const options: Electron.OpenDialogOptions = {
          title: 'Watch a folder for new briefings',
          properties: ['openDirectory'],
        };
        const result = await openDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      pickExportPath: async () => {
        const options: Electron.SaveDialogOptions = {
          title: 'Export the library',
          defaultPath: `briefings-export-${new Date().toISOString().slice(0, 10)}.json`,
          filters: [{ name: 'Briefings export', extensions: ['json'] }],
        };
        const result = await saveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      pickMarkdownPath: async (suggestedName) => {
        const options: Electron.SaveDialogOptions = {
          title: 'Export the briefing with its highlights',
          defaultPath: suggestedName,
          filters: [{ name: 'Markdown', extensions: ['md'] }],
        };
        const result = await saveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      confirmExternal: (url) => confirmExternalInDialog(getWindow(), url),
      openExternal: (url) => shell.openExternal(url),
      openPath: (file) => shell.openPath(file),
      showItemInFolder: (file) => shell.showItemInFolder(file),
      pointerOverWindow: () => pointerOverWindow(getWindow()),
      emit: createEmitter(getWindow),
    };
    openLink = (url) => void openExternalConfirmed(platform, url);
    const app$ = compose({ db, platform, samplesDir, searchWorker: true });
    const { dispatch } = app$;
    registerIpc(dispatch, getWindow);
    void app$.watcher.start();
    // Build the search index in the background; the app is usable meanwhile.
    void app$.search.ready();
    let searchClosed = false;
    app.on('before-quit', (event) => {
      void app$.watcher.close();
      void app$.entities.close();
      if (searchClosed) return;
      // Give the search worker a moment to write its snapshot (a no-op when nothing changed
      // since the last one), so the next start loads instead of rebuilding.
      event.preventDefault();
      searchClosed = true;
      void Promise.race([app$.search.close(), new Promise((r) => setTimeout(r, 3000))]).then(() => app.quit());
    });
    // If another program replaces the library file, this connection would keep writing to the
    // old, unlinked copy: stop, say so, and start again on the file that is there now. The search
    // snapshot described the old file, so it goes too; app.exit skips before-quit, so nothing
    // of the old library is saved over the new one.
    const replacement = watchReplacement(defaultLibraryPath(), () => {
      fs.rmSync(snapshotPathFor(defaultLibraryPath()), { force: true });
      dialog.showMessageBoxSync({
        type: 'warning',
        message: 'The library file was replaced by another program',
        detail: `${defaultLibraryPath()} is no longer the file Briefings opened. Briefings restarts to show the library that is there now.`,
        buttons: ['Restart'],
      });
      app.relaunch();
      app.exit(0);
    });
    app.on('browser-window-focus', () => replacement.check());
    win = createMainWindow(outDir, openLink);
    win.on('closed', () => {
      win = null;
    });
    const runImport = (channel: 'import:dialog' | 'import:sample' | 'library:export', payload: unknown): void => {
      void dispatch(channel, payload);
    };
    installMenu(
      {
        importFiles: () => runImport('import:dialog', { kind: 'files' }),
        importFolder: () => runImport('import:dialog', { kind: 'folder' }),
        importSample: () => runImport('import:sample', {}),
        exportLibrary: () => runImport('library:export', {}),
        backupLibrary: () => void backUp(),
        restoreLibrary: () => void restore(),
        command: (c) => platform.emit('menu:command', { command: c }),
      },
      !app.isPackaged,
    );

    /** File > Back Up Library…: an online backup while the app keeps running. */
    async function backUp(): Promise<void> {
      const options: Electron.SaveDialogOptions = {
        title: 'Back up the library',
        defaultPath: `briefings-backup-${new Date().toISOString().slice(0, 10)}.db`,
        filters: [{ name: 'Briefings library', extensions: ['db'] }],
      };
      const result = await saveDialog(options);
      if (result.canceled || !result.filePath || !db) return;
      try {
        const r = await backupLibrary(db, result.filePath);
        await dialog.showMessageBox({ message: `Library backed up to ${r.path}` });
      } catch (cause) {
        dialog.showErrorBox('Backup failed', cause instanceof Error ? cause.message : String(cause));
      }
    }

    /** File > Restore Library from Backup…: checks the file, keeps the current library, relaunches. */
    async function restore(): Promise<void> {
      const options: Electron.OpenDialogOptions = {
        title: 'Restore the library from a backup',
        properties: ['openFile'],
        filters: [{ name: 'Briefings library', extensions: ['db'] }],
      };
      const picked = await openDialog(options);
      const file = picked.canceled ? undefined : picked.filePaths[0];
      if (!file) return;
      try {
        const { briefings } = inspectBackup(file);
        const answer = await dialog.showMessageBox({
          type: 'warning',
          buttons: ['Restore and restart', 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          message: `Replace the library with this backup of ${briefings} briefings?`,
          detail: 'The current library is kept beside it as a .bak file. Briefings restarts.',
        });
        if (answer.response !== 0) return;
        replacement.stop();
        await app$.watcher.close();
        await app$.entities.close();
        // The search worker holds its own connection to the library being replaced.
        await app$.search.close();
        db?.close();
        db = null;
        await restoreLibrary(defaultLibraryPath(), file);
      } catch (cause) {
        dialog.showErrorBox('Restore failed', cause instanceof Error ? cause.message : String(cause));
        if (db) return;
      }
      app.relaunch();
      app.exit(0);
    }
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && db) win = createMainWindow(outDir, openLink);
  });

  app.on('will-quit', () => {
    db?.close();
  });
}
