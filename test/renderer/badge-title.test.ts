// @vitest-environment jsdom
// The unread count in the window's title (issue 16 item 10).
import { describe, expect, it } from 'vitest';
import { showUnreadInTitle, unreadTitle } from '../../renderer/src/badge/index.js';

describe('the window title', () => {
  it('shows the unread count, and none when nothing is unread or it is unknown', () => {
    expect(unreadTitle(12)).toBe('Tidings (12)');
    expect(unreadTitle(0)).toBe('Tidings');
    expect(unreadTitle(undefined)).toBe('Tidings');
  });
  it('sets the document title', () => {
    showUnreadInTitle(document, 3);
    expect(document.title).toBe('Tidings (3)');
    showUnreadInTitle(document, 0);
    expect(document.title).toBe('Tidings');
  });
});
