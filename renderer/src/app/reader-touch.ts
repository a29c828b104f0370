// Whether the user may have scrolled the open article. The reader's frame is sandboxed without
// same-origin (hostile articles), so its scroll position cannot be read, and showing a new
// document resets it to the top. When an article's images arrive while it is open, the app
// shows them at once only if the frame cannot have been scrolled: the pointer never went over
// it (wheel, scrollbar, touch) and focus never went into it (keys), since it was shown.

export class ReaderTouch {
  private touched = false;
  private pointerInside = false;

  constructor(root: HTMLElement, win: Window) {
    // The frame's own events do not reach us; entering its element does.
    root.addEventListener('pointerover', (event) => {
      if (event.target instanceof HTMLIFrameElement) this.touched = true;
    });
    root.addEventListener('pointerenter', () => { this.pointerInside = true; });
    root.addEventListener('pointerleave', () => { this.pointerInside = false; });
    // Focus moving into the frame blurs our window, leaving the frame as the active element.
    win.addEventListener('blur', () => {
      const active = win.document.activeElement;
      if (active instanceof HTMLIFrameElement && root.contains(active)) this.touched = true;
    });
  }

  /** A new article was shown, at the top. */
  reset(): void {
    this.touched = false;
  }

  /** A wheel over the reader scrolls the frame even when the pointer has not moved since. */
  get maybeScrolled(): boolean {
    return this.touched || this.pointerInside;
  }
}
