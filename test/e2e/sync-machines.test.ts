// End to end, Settings "Several machines" (issue 12) in Debian's Chromium against browser mode:
// another machine's journal arrives in the data directory (as Syncthing would copy it) without its
// article's files; Settings shows the folder to share, both devices with this one marked, the
// other's latest change in words and one article waiting. The files arrive, the archive takes
// them in, and the open section updates by itself (a `changed` event). Screenshots:
// test-results/e2e/settings-machines-{light,dark}.png.

import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type Session, describeInChromium, openSession, screenshots } from './harness.js';

describeInChromium('Settings, several machines, in Chromium', machines);

const page = `<!doctype html><html lang="en"><head><title>Tides of the northern fjords</title></head><body><article><h1>Tides of the northern fjords</h1>
${Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i}: twice a day the sea fills the fjord to the old stone quay and leaves it again, slowly.</p>`).join('\n')}
</article></body></html>`;

function machines(): void {
  let session: Session | undefined;
  let archive: Archive;
  let browserPage: Page;
  let other = '';
  let otherDevice = '';
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tidings-e2e-machines-'));

  beforeAll(async () => {
    session = await openSession('tidings-e2e-machines-');
    ({ archive, page: browserPage } = session);
    // The other machine: its own archive, one article saved there.
    other = path.join(scratch, 'laptop');
    const laptop = await openArchive(other);
    const file = path.join(scratch, 'fjords.html');
    writeFileSync(file, page);
    await laptop.importFile(file);
    await laptop.close();
    otherDevice = readdirSync(path.join(other, 'journal')).find((n) => n.endsWith('.jsonl'))!.slice(0, -6);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });

  it('shows the folder to share, both machines and the article waiting for its files', async () => {
    // Its journal arrives first, its lines dated three minutes ago (the laptop's clock).
    const back = Date.now() - 3 * 60_000;
    const lines = readFileSync(path.join(other, 'journal', `${otherDevice}.jsonl`), 'utf8')
      .replace(/"h":"\d{13}\./g, `"h":"${back}.`);
    writeFileSync(path.join(session!.dataDir, 'journal', `${otherDevice}.jsonl`), lines);
    await archive.syncNow();
    expect((await archive.getSyncStatus()).waitingArticles).toBe(1);

    await browserPage.locator('[data-command="settings"]').click();
    const dialog = browserPage.locator('dialog#settings');
    await poll(() => dialog.isVisible()).toBe(true);
    const section = dialog.locator('.machines');
    await poll(() => section.locator('.machine').count()).toBe(2);
    expect(await dialog.locator('.dialog-section').allTextContents()).toContain('Several machines');
    expect(await section.locator('.machines-path').inputValue()).toBe(archive.dataDir);
    expect(await section.textContent()).toContain('.stignore');
    const mine = section.locator('.machine.this-device');
    expect(await mine.locator('.machine-badge').textContent()).toBe('this device');
    const laptop = section.locator(`.machine[data-device="${otherDevice}"]`);
    expect(await laptop.locator('.machine-detail').textContent()).toMatch(/^latest change 3 minutes ago · \d+ changes?$/);
    expect(await section.locator('.machines-waiting').textContent()).toContain('1 article from other machines is waiting');
    // The folder can be selected and copied as text.
    await section.locator('.machines-path').focus();
    expect(await browserPage.evaluate(() => window.getSelection()?.toString() || (document.activeElement as HTMLInputElement).value.slice((document.activeElement as HTMLInputElement).selectionStart ?? 0, (document.activeElement as HTMLInputElement).selectionEnd ?? 0))).toBe(archive.dataDir);
    await section.scrollIntoViewIfNeeded();
    await screenshots(browserPage, 'settings-machines');
  });

  it('updates by itself when the files arrive', async () => {
    for (const name of readdirSync(path.join(other, 'articles'))) copyFileSync(path.join(other, 'articles', name), path.join(session!.dataDir, 'articles', name));
    await archive.syncNow();
    const section = browserPage.locator('dialog#settings .machines');
    await poll(() => section.locator('.machines-waiting').count()).toBe(0);
    expect(await section.locator('.machine').count()).toBe(2);
    await browserPage.keyboard.press('Escape');
    await poll(() => browserPage.locator('dialog#settings').count()).toBe(0);
    expect(session!.outside).toEqual([]);
  });
}
