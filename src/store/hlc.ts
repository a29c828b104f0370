// Hybrid logical clocks: a time for every change that orders changes across devices. It is the
// wall clock in ms, a counter for changes within one ms (or while the wall clock lags a time
// already seen), and the device id that breaks ties. As a string it sorts in clock order:
// `1764340000000.000000.0123456789ab`. A change made after seeing another one always has a later
// time, whatever the two machines' clocks say.

export type Hlc = string;

const DEVICE = /^[0-9a-f]{12}$/;
const HLC = /^\d{13}\.\d{6}\.[0-9a-f]{12}$/;
const MAX_COUNTER = 999_999;
/** A time from another device further ahead than this is not taken in: one machine's wrong clock must not drag every later change into its future. */
const MAX_SKEW_MS = 24 * 60 * 60 * 1000;

export function isHlc(value: unknown): value is Hlc {
  return typeof value === 'string' && HLC.test(value);
}

export function isDeviceId(value: unknown): value is string {
  return typeof value === 'string' && DEVICE.test(value);
}

/** The wall-clock part, in ms since 1970. */
export function wallOf(h: Hlc): number {
  return Number(h.slice(0, 13));
}

export function deviceOf(h: Hlc): string {
  return h.slice(21);
}

function format(wall: number, counter: number, device: string): Hlc {
  return `${String(wall).padStart(13, '0')}.${String(counter).padStart(6, '0')}.${device}`;
}

export class HybridClock {
  private wall = 0;
  private counter = 0;

  constructor(readonly device: string, last: Hlc | null = null, private readonly now: () => number = Date.now) {
    if (last) this.observe(last);
  }

  /** A new time, later than every time this clock made or observed. */
  tick(): Hlc {
    const now = this.now();
    if (now > this.wall) {
      this.wall = now;
      this.counter = 0;
    } else if (this.counter < MAX_COUNTER) {
      this.counter++;
    } else {
      // A million changes in one ms, or a wall clock far behind: move the clock on.
      this.wall++;
      this.counter = 0;
    }
    return format(this.wall, this.counter, this.device);
  }

  /** Take in a time from another device (or from our own journal at open). */
  observe(h: Hlc, options: { anyTime?: boolean } = {}): void {
    const wall = wallOf(h);
    if (!options.anyTime && wall > this.now() + MAX_SKEW_MS) return;
    const counter = Number(h.slice(14, 20));
    if (wall > this.wall || (wall === this.wall && counter > this.counter)) {
      this.wall = wall;
      this.counter = counter;
    }
  }
}
