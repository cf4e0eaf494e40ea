// The system's file dialog behind app.pickFile: the options Electron's dialog is shown with and
// how its answer is read. Plain code over the two dialog calls main passes in (bound to the
// window), so it is checked without Electron; the handler gets it as its PickFile.
import { join } from 'node:path';
import type { PickFile } from '../ipc/handlers';

/** Export files are tar archives (docs/export-format.md). */
const FILTERS = [{ name: 'Snapvisor export (tar)', extensions: ['tar'] }];

export interface SaveDialogOptions { defaultPath: string; filters: typeof FILTERS; properties: 'createDirectory'[] }
export interface OpenDialogOptions { defaultPath: string; filters: typeof FILTERS; properties: 'openFile'[] }

/** Electron's dialog.showSaveDialog / showOpenDialog (on the app's window), as main binds them. */
export interface FileDialogs {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** app.pickFile over `dialogs`, starting in `startDir` (the user's documents). */
export function filePicker(dialogs: FileDialogs, startDir: string): PickFile {
  return async ({ mode, defaultName }) => {
    if (mode === 'save') {
      const r = await dialogs.showSaveDialog({
        defaultPath: defaultName === undefined ? startDir : join(startDir, defaultName),
        filters: FILTERS,
        // No overwrite confirmation: an export never replaces a file (target_exists says so).
        properties: ['createDirectory'],
      });
      return r.canceled || !r.filePath ? null : { path: r.filePath };
    }
    const r = await dialogs.showOpenDialog({ defaultPath: startDir, filters: FILTERS, properties: ['openFile'] });
    const [path] = r.filePaths;
    return r.canceled || path === undefined ? null : { path };
  };
}
