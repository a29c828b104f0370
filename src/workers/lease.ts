// A borrower's view of a pool shared by the whole process (extraction, feed parsing): loading
// a worker's modules costs a second or more of a core, and an archive opened again in the same
// process (the library switched, browser mode, a test file) should not pay it again. Shared
// pools are never closed: their workers retire on their own after their idle time, and idle
// loaded workers do not keep the process alive.
// A borrower that closes stops waiting for its own jobs at once (they fail as before); what the
// workers were doing for it finishes and is dropped.

import { TidingsError } from '../errors.js';

export class PoolLease {
  private readonly waiting = new Set<() => void>();
  private closed = false;

  /** `module` and `name` make the error of a job given up on: `extract: the extraction pool was closed`. */
  constructor(private readonly module: string, private readonly name: string) {}

  /** `label`: the input named in the error when the job is given up on (a URL). */
  track<T>(label: string | null, work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new TidingsError(this.module, label, `the ${this.name} pool is closed`));
    return new Promise<T>((resolve, reject) => {
      const giveUp = () => reject(new TidingsError(this.module, label, `the ${this.name} pool was closed`));
      this.waiting.add(giveUp);
      work()
        .then(resolve, reject)
        .finally(() => this.waiting.delete(giveUp));
    });
  }

  close(): void {
    this.closed = true;
    for (const giveUp of this.waiting) giveUp();
    this.waiting.clear();
  }
}
