// A small pop-up menu of actions (a feed's or a tag's): opened from a "…" button or a right
// click, moved through with the arrow keys, closed by Escape, Tab, a click elsewhere or a choice.
// Focus goes back to where it was when the menu closes.

import { h } from '../dom/index.js';

export interface MenuItem {
  label: string;
  run(): void;
  /** For an on/off setting: shown with a check mark, announced as a checkbox item. */
  checked?: boolean;
  /** Destructive (Remove, Delete): drawn in the danger colour. */
  danger?: boolean;
}

/** Where the menu opens: under a button, or at the pointer of a right click. */
export type MenuAnchor = HTMLElement | { x: number; y: number };

const MARGIN = 6;

let closeOpen: (() => void) | null = null;

/** Open the menu, closing any other one; returns the function that closes it. */
export function openMenu(label: string, items: MenuItem[], at: MenuAnchor): () => void {
  closeOpen?.();
  const returnTo = focusReturn();
  const trigger = at instanceof HTMLElement ? at : null;
  trigger?.setAttribute('aria-expanded', 'true');
  const buttons = items.map((item) => menuButton(item, () => choose(item)));
  const menu = h('div', { class: 'menu', role: 'menu', 'aria-label': label }, ...buttons);

  const onPointer = (event: Event) => {
    if (!menu.contains(event.target as Node)) close(false);
  };
  const close = (restoreFocus: boolean) => {
    if (!menu.isConnected) return;
    menu.remove();
    trigger?.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', onPointer, true);
    window.removeEventListener('resize', onResize);
    window.removeEventListener('blur', onResize);
    if (closeOpen === closer) closeOpen = null;
    if (restoreFocus) returnTo();
  };
  const onResize = () => close(false);
  const closer = () => close(false);
  const choose = (item: MenuItem) => {
    close(true);
    item.run();
  };

  menu.addEventListener('keydown', (event) => {
    // The menu owns its keys: none of them is an app shortcut meanwhile.
    event.stopPropagation();
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (i: number) => buttons[(i + buttons.length) % buttons.length]?.focus();
    switch (event.key) {
      case 'Escape': event.preventDefault(); close(true); return;
      case 'Tab': close(true); return;
      case 'ArrowDown': event.preventDefault(); focus(index + 1); return;
      case 'ArrowUp': event.preventDefault(); focus(index - 1); return;
      case 'Home': event.preventDefault(); focus(0); return;
      case 'End': event.preventDefault(); focus(buttons.length - 1); return;
    }
  });
  document.addEventListener('pointerdown', onPointer, true);
  window.addEventListener('resize', onResize);
  window.addEventListener('blur', onResize);
  document.body.append(menu);
  place(menu, at);
  buttons[0]?.focus();
  closeOpen = closer;
  return closer;
}

function menuButton(item: MenuItem, choose: () => void): HTMLButtonElement {
  const checkable = item.checked !== undefined;
  const button = h('button', {
    type: 'button',
    class: `menu-item${item.danger ? ' danger' : ''}`,
    role: checkable ? 'menuitemcheckbox' : 'menuitem',
    'aria-checked': checkable ? String(item.checked) : null,
    tabindex: '-1',
  }, h('span', { class: 'menu-check', 'aria-hidden': 'true' }, item.checked ? '✓' : ''), h('span', { class: 'menu-label' }, item.label));
  button.addEventListener('click', choose);
  return button;
}

/** Under the button (or at the pointer), kept inside the window. */
function place(menu: HTMLElement, at: MenuAnchor): void {
  let x: number;
  let y: number;
  if (at instanceof HTMLElement) {
    const r = at.getBoundingClientRect();
    x = r.left;
    y = r.bottom + 2;
  } else {
    ({ x, y } = at);
  }
  const { width, height } = menu.getBoundingClientRect();
  menu.style.left = `${Math.max(MARGIN, Math.min(x, window.innerWidth - width - MARGIN))}px`;
  menu.style.top = `${Math.max(MARGIN, y + height > window.innerHeight - MARGIN ? y - height - 4 : y)}px`;
}

/**
 * Where focus goes back when the menu closes: the element that had it, or, when the sidebar
 * was redrawn meanwhile (counts arrive all the time), the same button of the same place.
 */
function focusReturn(): () => void {
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const place = active?.closest('[data-place]')?.getAttribute('data-place');
  const cls = active?.classList[0];
  return () => {
    if (active?.isConnected) return active.focus();
    if (!place || !cls) return;
    document.querySelector<HTMLElement>(`[data-place="${CSS.escape(place)}"] .${CSS.escape(cls)}`)?.focus();
  };
}
