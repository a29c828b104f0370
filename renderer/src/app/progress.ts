// The thin bar under the toolbar that shows refresh, extraction and indexing progress.

import type { ArchiveEvent } from '../../../src/api.js';

type Job = 'refresh' | 'import' | 'extract' | 'index';

export class Progress {
  private readonly jobs = new Map<Job, { done: number; total: number; label: string }>();

  constructor(
    private readonly bar: HTMLElement,
    private readonly fill: HTMLElement,
    private readonly label: HTMLElement,
  ) {}

  handle(event: ArchiveEvent): void {
    if (event.type === 'refresh') {
      if (event.phase === 'done') this.jobs.delete('refresh');
      else this.jobs.set('refresh', { done: event.index, total: event.total, label: `Refreshing ${Math.min(event.index + 1, event.total)} of ${event.total}${event.title ? `: ${event.title}` : ''}` });
    } else if (event.type === 'import') {
      this.importEvent(event);
    } else if (event.type === 'extract') {
      const waiting = event.queued + event.running;
      if (waiting === 0) this.jobs.delete('extract');
      else this.jobs.set('extract', { done: 0, total: 0, label: `Extracting articles: ${event.running} running, ${event.queued} queued` });
    } else if (event.type === 'index') {
      if (event.phase === 'done') this.jobs.delete('index');
      else this.jobs.set('index', { done: event.done, total: event.total, label: `Indexing ${event.done} of ${event.total}` });
    } else {
      return;
    }
    this.render();
  }

  /**
   * An import: first its records (the file read, entries made), then the fetching of the pages
   * the file did not carry, which goes on in the background while the user reads.
   */
  private importEvent(event: Extract<ArchiveEvent, { type: 'import' }>): void {
    const count = (n: number) => n.toLocaleString('en-US');
    if (event.phase === 'read') this.jobs.set('import', { done: 0, total: 0, label: 'Importing: reading the file…' });
    else if (event.phase === 'records') this.jobs.set('import', { done: event.done, total: event.total, label: `Importing ${count(event.done)} of ${count(event.total)} entries` });
    else if (event.phase === 'done') this.jobs.delete('import');
    else if (event.done >= event.total) this.jobs.delete('import');
    else this.jobs.set('import', { done: event.done, total: event.total, label: `Fetching ${count(event.done)} of ${count(event.total)} imported articles` });
  }

  /** An import the user started: show the bar before the first event arrives. */
  importing(label: string): void {
    this.jobs.set('import', { done: 0, total: 0, label });
    this.render();
  }

  /** A refresh the user started: show the bar before the first event arrives. */
  started(label: string): void {
    this.jobs.set('refresh', { done: 0, total: 0, label });
    this.render();
  }

  finished(job: Job): void {
    this.jobs.delete(job);
    this.render();
  }

  private render(): void {
    const job = this.jobs.get('refresh') ?? this.jobs.get('import') ?? this.jobs.get('extract') ?? this.jobs.get('index');
    this.bar.hidden = !job;
    if (!job) return;
    this.label.textContent = job.label;
    this.bar.classList.toggle('indeterminate', job.total === 0);
    this.fill.style.width = job.total ? `${Math.round((job.done / job.total) * 100)}%` : '30%';
  }
}
