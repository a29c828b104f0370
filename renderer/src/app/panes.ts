// How the panes share the window (issue 16 item 6). The widths themselves are CSS (app.css,
// "layouts"): three panes from 1100 px, two below with the sidebar as a drawer, one pane at a
// time below 800 px. This holds the little state the CSS reads from <body>: whether the drawer
// is open (data-drawer) and which pane a one-pane window shows (data-pane), with the focus and
// the history that go with them: opening an article in one pane is a step the back key undoes.

import { openMenu } from '../menu/index.js';

export const TWO_PANES = '(max-width: 1099.98px)';
export const ONE_PANE = '(max-width: 799.98px)';

const READER_STATE = 'tidings-reader';

export class Panes {
  private readonly sidebar: HTMLElement;
  private readonly drawerButton: HTMLButtonElement;
  private readonly backButton: HTMLButtonElement;

  constructor(private readonly body: HTMLElement, private readonly win: Window = window) {
    const doc = body.ownerDocument;
    this.sidebar = doc.querySelector<HTMLElement>('.sidebar')!;
    this.drawerButton = doc.querySelector<HTMLButtonElement>('.drawer-button')!;
    this.backButton = doc.querySelector<HTMLButtonElement>('.back-button')!;
    this.body.dataset.pane = 'list';
    this.drawerButton.addEventListener('click', () => (this.drawerOpen ? this.closeDrawer(true) : this.openDrawer()));
    this.backButton.addEventListener('click', () => this.back());
    // A click outside the open drawer closes it (the click still does what it does).
    doc.addEventListener('pointerdown', (event) => {
      const target = event.target as Node;
      if (this.drawerOpen && !this.sidebar.contains(target) && !this.drawerButton.contains(target)) this.closeDrawer(false);
    }, true);
    // Choosing a place in the drawer closes it.
    this.sidebar.addEventListener('click', (event) => {
      if (this.drawerOpen && (event.target as Element).closest('.place') && !(event.target as Element).closest('.place-more')) this.closeDrawer(false);
    });
    this.sidebar.addEventListener('keydown', (event) => {
      if (this.drawerOpen && (event.key === 'Enter' || event.key === ' ') && (event.target as Element).classList.contains('place')) this.closeDrawer(false);
    });
    // The focus leaving the drawer (Tab past its last item) closes it: nothing focused hides under it.
    this.sidebar.addEventListener('focusout', (event) => {
      const next = event.relatedTarget as Node | null;
      if (this.drawerOpen && next && !this.sidebar.contains(next) && !this.drawerButton.contains(next) && !(next as Element).closest?.('.menu, dialog')) this.closeDrawer(false);
    });
    this.win.addEventListener('popstate', () => {
      if ((this.win.history.state as unknown) !== READER_STATE) this.showList();
    });
    // The mouse's back button and the keyboard's Back key (Electron does not turn them into history).
    doc.addEventListener('mouseup', (event) => {
      if (event.button === 3 && this.body.dataset.pane === 'reader' && this.onePane) {
        event.preventDefault();
        this.back();
      }
    });
    doc.addEventListener('keydown', (event) => {
      if (event.key === 'BrowserBack' && this.body.dataset.pane === 'reader' && this.onePane) {
        event.preventDefault();
        this.back();
      }
    });
    this.win.matchMedia(TWO_PANES).addEventListener('change', (event) => {
      if (!event.matches) this.closeDrawer(false);
    });
  }

  get onePane(): boolean {
    return this.win.matchMedia(ONE_PANE).matches;
  }

  get drawerOpen(): boolean {
    return this.body.dataset.drawer === 'open';
  }

  openDrawer(): void {
    this.body.dataset.drawer = 'open';
    this.drawerButton.setAttribute('aria-expanded', 'true');
    const first = this.sidebar.querySelector<HTMLElement>('.place.selected') ?? this.sidebar.querySelector<HTMLElement>('.place, button');
    first?.focus();
  }

  closeDrawer(restoreFocus: boolean): void {
    if (!this.drawerOpen) return;
    const hadFocus = this.sidebar.contains(this.body.ownerDocument.activeElement);
    delete this.body.dataset.drawer;
    this.drawerButton.setAttribute('aria-expanded', 'false');
    if (restoreFocus || hadFocus) this.drawerButton.focus();
  }

  /** An article was opened: a one-pane window turns to the reader, a step back returns. */
  showReader(): void {
    if (this.body.dataset.pane === 'reader') return;
    this.body.dataset.pane = 'reader';
    if (this.onePane && this.win.history.state !== READER_STATE) this.win.history.pushState(READER_STATE, '');
  }

  showList(): void {
    if (this.body.dataset.pane === 'list') return;
    this.body.dataset.pane = 'list';
    if (this.onePane) this.body.ownerDocument.querySelector<HTMLElement>('.list')?.focus();
  }

  /** Back to the list: through the history when opening the article made a step in it. */
  back(): void {
    if (this.win.history.state === READER_STATE) this.win.history.back();
    else this.showList();
  }

  /** Escape: close the drawer, or leave the reader of a one-pane window; false when neither. */
  escape(): boolean {
    if (this.drawerOpen) {
      this.closeDrawer(true);
      return true;
    }
    if (this.onePane && this.body.dataset.pane === 'reader') {
      this.back();
      return true;
    }
    return false;
  }
}

/**
 * The top bar's "More" button: the actions that the window's width hid (CSS hides them, one by
 * one as it narrows) are offered in a menu instead.
 */
export function bindMoreActions(actions: HTMLElement, more: HTMLButtonElement): void {
  more.addEventListener('click', () => {
    const hidden = [...actions.querySelectorAll<HTMLButtonElement>('button[data-command]')].filter((b) => b !== more && b.getClientRects().length === 0);
    openMenu('More actions', hidden.map((b) => ({ label: b.textContent?.trim() || b.title, run: () => b.click() })), more);
  });
}
