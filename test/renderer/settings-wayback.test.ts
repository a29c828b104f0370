// @vitest-environment jsdom
// Settings, "Saved pages": the Wayback lookup (off for an archive that never set it) and its
// address in an advanced field; and "Save from your browser", the bookmarklet, shown only when
// the app knows where it lands, never clickable on our own page.

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../src/api.js';
import { openSettings } from '../../renderer/src/settings/index.js';

const OLD: Settings = { refreshMinutes: 60, maxConcurrentFetches: 8, maxPerHost: 2, downloadImages: true, theme: 'system', fontSize: 18 };

HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.open = true;
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.open = false;
  this.dispatchEvent(new Event('close'));
};

afterEach(() => document.body.replaceChildren());

const submit = () => document.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
const input = (name: string) => document.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;

describe('the Wayback settings', () => {
  it('are off and empty for an archive that never set them, and saving untouched sends nothing', async () => {
    const save = vi.fn(async () => {});
    openSettings(OLD, save);
    expect(input('wayback-lookup').checked).toBe(false);
    expect(input('wayback-lookup').closest('label')!.textContent).toBe(' Look up dead links in the Internet Archive');
    expect(input('wayback-url').value).toBe('');
    submit();
    await vi.waitFor(() => expect(document.querySelector('dialog')).toBeNull());
    expect(save).not.toHaveBeenCalled();
  });

  it('send the lookup and another Wayback address when changed', async () => {
    const save = vi.fn(async (_patch: Partial<Settings>) => {});
    openSettings(OLD, save);
    input('wayback-lookup').checked = true;
    input('wayback-url').value = '  https://wayback.example.org  ';
    submit();
    await vi.waitFor(() => expect(save).toHaveBeenCalledWith({ waybackLookup: true, waybackUrl: 'https://wayback.example.org' }));
  });
});

describe('the bookmarklet', () => {
  it('is shown with its instructions when the address is known, and does nothing when clicked here', () => {
    openSettings(OLD, async () => {}, undefined, { saveAddress: 'http://127.0.0.1:4000/save' });
    const link = document.querySelector<HTMLAnchorElement>('a.bookmarklet')!;
    expect(link.getAttribute('href')).toMatch(/^javascript:\(function\(\)\{window\.open\('http:\/\/127\.0\.0\.1:4000\/save\?url='/);
    expect(link.parentElement!.textContent).toMatch(/Drag this button to your browser’s bookmarks bar/);
    const click = new MouseEvent('click', { cancelable: true, bubbles: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
  });

  it('is absent when the app does not say where it lands', () => {
    openSettings(OLD, async () => {});
    expect(document.querySelector('a.bookmarklet')).toBeNull();
  });
});
