// Politeness: at most N requests per host and M in all at once. A request waits in line
// (first come, first served) until both limits leave room for it.

export interface Limits {
  maxPerHost: number;
  maxGlobal: number;
}

interface Waiter {
  host: string;
  start: () => void;
}

export class HostLimiter {
  private active = 0;
  private readonly perHost = new Map<string, number>();
  private readonly queue: Waiter[] = [];

  constructor(private limits: Limits) {}

  setLimits(limits: Partial<Limits>): void {
    this.limits = {
      maxPerHost: Math.max(1, Math.floor(limits.maxPerHost ?? this.limits.maxPerHost)),
      maxGlobal: Math.max(1, Math.floor(limits.maxGlobal ?? this.limits.maxGlobal)),
    };
    this.drain();
  }

  getLimits(): Limits {
    return { ...this.limits };
  }

  /** Requests holding a slot now. */
  busy(): number {
    return this.active;
  }

  /** Waits for a slot on `host`; resolves to the function that gives it back (call it once). */
  acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter: Waiter = {
        host,
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser(host));
        },
      };
      const onAbort = () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.drain();
    });
  }

  private releaser(host: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      const left = (this.perHost.get(host) ?? 1) - 1;
      if (left <= 0) this.perHost.delete(host);
      else this.perHost.set(host, left);
      this.drain();
    };
  }

  private drain(): void {
    for (let i = 0; i < this.queue.length && this.active < this.limits.maxGlobal; ) {
      const waiter = this.queue[i]!;
      const busy = this.perHost.get(waiter.host) ?? 0;
      if (busy >= this.limits.maxPerHost) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.active++;
      this.perHost.set(waiter.host, busy + 1);
      waiter.start();
    }
  }
}
