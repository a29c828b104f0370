// File > Import/Export Subscriptions: native file dialogs around the archive's OPML methods.
// Results and errors reach the window as notices, the same way every archive message does.

import { promises as fs } from 'node:fs';
import { type BrowserWindow, dialog } from 'electron';
import type { ArchiveApi, ArchiveEvent } from '../src/api.js';
import { LIMITS } from '../src/contract/index.js';
import { describeError } from '../src/errors.js';
import { writeFileAtomic } from '../src/store/index.js';

type Notify = (event: ArchiveEvent) => void;

const OPML_FILTERS = [{ name: 'OPML', extensions: ['opml', 'xml'] }];

export async function importOpmlFromDialog(archive: ArchiveApi, window: BrowserWindow, notify: Notify): Promise<void> {
  const choice = await dialog.showOpenDialog(window, { title: 'Import Subscriptions', properties: ['openFile'], filters: OPML_FILTERS });
  const file = choice.filePaths[0];
  if (choice.canceled || !file) return;
  try {
    const stat = await fs.stat(file);
    if (stat.size > LIMITS.opml) throw new Error(`${file}: larger than ${LIMITS.opml / 1024 / 1024} MB`);
    const result = await archive.importOpml(await fs.readFile(file, 'utf8'));
    const errors = result.errors.length ? `; ${result.errors.length} problem(s): ${result.errors.slice(0, 3).join('; ')}` : '';
    notify({ type: 'notice', level: result.errors.length ? 'warning' : 'info', message: `Imported ${result.added} feeds (${result.existing} already there)${errors}` });
  } catch (error) {
    notify({ type: 'notice', level: 'error', message: `opml: ${describeError(error)}` });
  }
}

export async function exportOpmlFromDialog(archive: ArchiveApi, window: BrowserWindow, notify: Notify): Promise<void> {
  const choice = await dialog.showSaveDialog(window, { title: 'Export Subscriptions', defaultPath: 'tidings-subscriptions.opml', filters: OPML_FILTERS });
  if (choice.canceled || !choice.filePath) return;
  try {
    await writeFileAtomic(choice.filePath, await archive.exportOpml());
    notify({ type: 'notice', level: 'info', message: `Exported subscriptions to ${choice.filePath}` });
  } catch (error) {
    notify({ type: 'notice', level: 'error', message: `opml: ${describeError(error)}` });
  }
}
