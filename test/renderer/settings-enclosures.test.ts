// @vitest-environment jsdom
// The setting "Download podcast and video files into the archive": off for an archive that
// never set it, says the size cap, and sends only a real change.

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../src/api.js';
import { openSettings } from '../../renderer/src/settings/index.js';

const OLD: Settings = { refreshMinutes: 60, maxConcurrentFetches: 8, maxPerHost: 2, downloadImages: true, theme: 'system', fontSize: 18 };

// jsdom has <dialog> without showModal and close.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.open = true;
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.open = false;
  this.dispatchEvent(new Event('close'));
};

afterEach(() => document.body.replaceChildren());

function open(current: Settings, save: (patch: Partial<Settings>) => Promise<void>) {
  openSettings(current, save);
  const box = document.querySelector<HTMLInputElement>('input[name="download-enclosures"]')!;
  const submit = () => document.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
  return { box, submit };
}

describe('download enclosures setting', () => {
  it('is off for an archive that never set it, names the cap, and saving untouched sends nothing', async () => {
    const save = vi.fn(async () => {});
    const { box, submit } = open(OLD, save);
    expect(box.checked).toBe(false);
    expect(box.closest('label')!.textContent).toMatch(/Download podcast and video files into the archive/);
    expect(document.querySelector('dialog')!.textContent).toMatch(/500 MB/);
    submit();
    // Closed without an error: nothing was wrong, and nothing was sent.
    await vi.waitFor(() => expect(document.querySelector('dialog')).toBeNull());
    expect(save).not.toHaveBeenCalled();
  });

  it('sends the change when it is turned on, and shows it on when set', async () => {
    const save = vi.fn(async () => {});
    const { box, submit } = open(OLD, save);
    box.checked = true;
    submit();
    await vi.waitFor(() => expect(save).toHaveBeenCalledWith({ downloadEnclosures: true }));
    document.body.replaceChildren();
    expect(open({ ...OLD, downloadEnclosures: true }, save).box.checked).toBe(true);
  });
});
