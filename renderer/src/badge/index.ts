// The unread count in the window's title ("Tidings (12)"), as mail and feed readers show it in
// the taskbar and the window switcher. In Electron the dock/taskbar badge shows it too
// (electron/badge.ts, from the main process).

export const APP_NAME = 'Tidings';

/** "Tidings (12)"; just "Tidings" when nothing is unread or the count is unknown. */
export function unreadTitle(unread: number | undefined): string {
  return unread !== undefined && Number.isFinite(unread) && unread > 0 ? `${APP_NAME} (${unread})` : APP_NAME;
}

export function showUnreadInTitle(doc: Document, unread: number | undefined): void {
  const title = unreadTitle(unread);
  if (doc.title !== title) doc.title = title;
}
