// Managing feeds and tags from the sidebar, and marking a whole list read: the menus' items,
// what each one asks the archive, and what the app must redraw afterwards. The app gives the
// archive client, the toasts and a way to move and redraw; nothing here draws a pane.

import type { ArticleSummary, FeedSummary } from '../../../src/api.js';
import type { Place } from '../app/place.js';
import type { ArchiveClient } from '../client/index.js';
import type { Toasts } from '../dialogs/index.js';
import { type MenuAnchor, openMenu } from '../menu/index.js';
import { openConfirm, openMergeTag, openMoveToFolder, openRename } from './dialogs.js';
import { openFeedInfo } from './feed-info.js';
import { type Pager, unreadAfter, unreadIds, unreadPager } from './unread.js';

export { unreadAfter, unreadIds, unreadPager } from './unread.js';

/** Above this many articles, marking a list read asks first. */
export const CONFIRM_ABOVE = 5;

export interface ManageHost {
  client: ArchiveClient;
  toasts: Toasts;
  /** Where the user is now. */
  place(): Place;
  go(place: Place): Promise<void>;
  /** Feeds, tags or read marks changed: redraw the sidebar and the list. */
  changed(): Promise<void>;
  /** The list shown now, page by page, in its order (for "Mark older as read"). */
  listPager(): Pager;
  /** Take articles out of the list at once (a delete waiting for its Undo), or put them back. */
  hide(ids: readonly string[], hidden: boolean): void;
}

export class Manager {
  /** Deletes waiting for their toast to go (Undo cancels one); each ends by carrying it out. */
  private readonly pendingDeletes = new Set<() => void>();

  constructor(private readonly host: ManageHost) {
    // Closing the window carries out the deletes still waiting.
    const flush = () => [...this.pendingDeletes].forEach((finish) => finish());
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', flush);
  }

  /** A row's menu: mark the articles below it read, delete it. */
  articleMenu(article: ArticleSummary, at: MenuAnchor): void {
    openMenu(`Actions for ${article.title || 'the article'}`, [
      { label: 'Mark older as read', run: () => this.attempt(() => this.markOlderRead(article)) },
      { label: 'Delete', danger: true, run: () => this.deleteLater([article.id], `Deleted “${article.title || 'Untitled'}”`) },
    ], at);
  }

  /**
   * Delete with Undo: deleting is for good in the archive, so the articles leave the list now and
   * the delete is sent when the toast goes (or the window closes); Undo puts them back.
   */
  deleteLater(ids: string[], message: string): void {
    this.host.hide(ids, true);
    const finish = this.host.toasts.undoable(message, () => {
      this.pendingDeletes.delete(finish);
      this.host.hide(ids, false);
    }, () => {
      this.pendingDeletes.delete(finish);
      void this.attempt(async () => {
        try {
          await this.host.client.deleteArticles(ids);
        } finally {
          this.host.hide(ids, false);
        }
        await this.host.changed();
      });
    });
    this.pendingDeletes.add(finish);
  }

  private async markOlderRead(article: ArticleSummary): Promise<void> {
    const ids = await unreadAfter(this.host.listPager(), article.id);
    if (ids.length === 0) {
      this.host.toasts.info('Nothing unread below this article');
      return;
    }
    await this.markIdsRead(ids, `Marked ${count(ids.length, 'older article')} read`);
  }

  /** Mark these (unread) ids read, with Undo marking exactly them unread again. */
  private async markIdsRead(ids: string[], message: string): Promise<void> {
    await this.host.client.setRead(ids, true);
    this.host.toasts.undoable(message, () => void this.attempt(async () => {
      await this.host.client.setRead(ids, false);
      await this.host.changed();
    }));
    await this.host.changed();
  }

  feedMenu(feed: FeedSummary, at: MenuAnchor): void {
    openMenu(`Actions for ${feed.title}`, [
      { label: 'Refresh this feed', run: () => this.attempt(() => this.refreshFeed(feed)) },
      { label: 'Mark all as read', run: () => this.attempt(() => this.markRead(feed.title, unreadPager(this.host.client, { kind: 'feed', feedId: feed.id, title: feed.title }))) },
      { label: 'Feed info…', run: () => this.attempt(() => this.feedInfo(feed)) },
      { label: 'Rename…', run: () => this.renameFeed(feed) },
      { label: 'Move to folder…', run: () => this.attempt(() => this.moveFeed(feed)) },
      { label: 'Always fetch full articles', checked: feed.fullText === 'always', run: () => this.attempt(() => this.toggleFullArticle(feed)) },
      { label: 'Remove…', danger: true, run: () => this.removeFeed(feed) },
    ], at);
  }

  tagMenu(tag: string, at: MenuAnchor): void {
    openMenu(`Actions for the tag ${tag}`, [
      { label: 'Rename…', run: () => this.renameTag(tag) },
      { label: 'Merge into…', run: () => this.attempt(() => this.mergeTag(tag)) },
      { label: 'Delete…', danger: true, run: () => this.deleteTag(tag) },
    ], at);
  }

  /** Mark every unread article of the current list read (any view, feed, tag or search). */
  markAllReadHere(title: string): Promise<void> {
    return this.attempt(() => this.markRead(title, unreadPager(this.host.client, this.host.place())));
  }

  private async refreshFeed(feed: FeedSummary): Promise<void> {
    const summary = await this.host.client.refresh({ feedId: feed.id });
    if (summary.failed) this.host.toasts.warning(`${feed.title}: the refresh failed: ${summary.errors.map((e) => e.error).join('; ')}`);
    else this.host.toasts.info(`Refreshed ${feed.title}: ${count(summary.newArticles, 'new article')}`);
    await this.host.changed();
  }

  private async markRead(title: string, pager: Pager): Promise<void> {
    const ids = await unreadIds(pager);
    if (ids.length === 0) {
      this.host.toasts.info(`Nothing unread in ${title}`);
      return;
    }
    const run = () => this.markIdsRead(ids, `Marked ${count(ids.length, 'article')} read in ${title}`);
    if (ids.length <= CONFIRM_ABOVE) return run();
    openConfirm({ id: 'mark-all-read', title: 'Mark all as read?', message: `${count(ids.length, 'unread article')} in ${title} will be marked read.`, action: 'Mark all read', run });
  }

  private async feedInfo(feed: FeedSummary): Promise<void> {
    const settings = await this.host.client.getSettings();
    openFeedInfo(feed, settings.refreshMinutes, async (patch) => {
      const updated = await this.host.client.updateFeed(feed.id, patch);
      this.host.toasts.info(`Saved ${updated.title}`);
      const here = this.host.place();
      if (here.kind === 'feed' && here.feedId === feed.id && updated.title !== feed.title) await this.host.go({ ...here, title: updated.title });
      await this.host.changed();
    });
  }

  private renameFeed(feed: FeedSummary): void {
    openRename({
      id: 'rename-feed',
      title: 'Rename the feed',
      label: 'Name in the sidebar',
      current: feed.title,
      save: async (title) => {
        const updated = await this.host.client.updateFeed(feed.id, { title });
        const here = this.host.place();
        if (here.kind === 'feed' && here.feedId === feed.id) await this.host.go({ ...here, title: updated.title });
        await this.host.changed();
      },
    });
  }

  private async moveFeed(feed: FeedSummary): Promise<void> {
    const feeds = await this.host.client.listFeeds();
    const folders = [...new Set(feeds.map((f) => f.folder).filter((f): f is string => Boolean(f)))].sort((a, b) => a.localeCompare(b));
    openMoveToFolder({
      feedTitle: feed.title,
      current: feed.folder,
      folders,
      save: async (folder) => {
        await this.host.client.updateFeed(feed.id, { folder });
        this.host.toasts.info(folder ? `Moved ${feed.title} to ${folder}` : `${feed.title} is in no folder now`);
        await this.host.changed();
      },
    });
  }

  private async toggleFullArticle(feed: FeedSummary): Promise<void> {
    // Off again is 'auto' (teaser feeds still fetched); 'never' is in the feed's info.
    const on = feed.fullText !== 'always';
    await this.host.client.updateFeed(feed.id, { fullText: on ? 'always' : 'auto' });
    this.host.toasts.info(on ? `${feed.title}: new articles will be fetched in full` : `${feed.title}: new articles fetched in full only when the feed carries teasers`);
    await this.host.changed();
  }

  private removeFeed(feed: FeedSummary): void {
    openConfirm({
      id: 'remove-feed',
      title: `Remove “${feed.title}”?`,
      message: 'You will no longer get its new articles, and its articles go. Starred, tagged and saved articles are kept.',
      action: 'Remove',
      danger: true,
      run: async () => {
        await this.host.client.removeFeed(feed.id);
        this.host.toasts.info(`Removed ${feed.title}`);
        await this.leaveIf((p) => p.kind === 'feed' && p.feedId === feed.id);
      },
    });
  }

  private renameTag(tag: string): void {
    openRename({
      id: 'rename-tag',
      title: 'Rename the tag',
      label: 'New name',
      current: tag,
      save: async (to) => {
        const n = await this.host.client.renameTag(tag, to);
        this.host.toasts.info(`Renamed #${tag} to #${to} on ${count(n, 'article')}`);
        const here = this.host.place();
        if (here.kind === 'tag' && here.tag === tag) await this.host.go({ kind: 'tag', tag: to });
        await this.host.changed();
      },
    });
  }

  private async mergeTag(tag: string): Promise<void> {
    const others = (await this.host.client.listTags()).filter((t) => t.name !== tag).sort((a, b) => a.name.localeCompare(b.name));
    if (others.length === 0) {
      this.host.toasts.info(`#${tag} is the only tag: there is nothing to merge it into`);
      return;
    }
    openMergeTag({
      tag,
      others,
      save: async (into) => {
        const n = await this.host.client.mergeTags([tag], into);
        this.host.toasts.info(`Merged #${tag} into #${into} on ${count(n, 'article')}`);
        const here = this.host.place();
        if (here.kind === 'tag' && here.tag === tag) await this.host.go({ kind: 'tag', tag: into });
        await this.host.changed();
      },
    });
  }

  private deleteTag(tag: string): void {
    openConfirm({
      id: 'delete-tag',
      title: `Delete the tag #${tag}?`,
      message: 'The tag is taken off every article. The articles themselves stay.',
      action: 'Delete',
      danger: true,
      run: async () => {
        const n = await this.host.client.deleteTag(tag);
        this.host.toasts.info(`Deleted #${tag} from ${count(n, 'article')}`);
        await this.leaveIf((p) => p.kind === 'tag' && p.tag === tag);
      },
    });
  }

  /** After a removal: leave the place if it was the removed one, then redraw. */
  private async leaveIf(gone: (place: Place) => boolean): Promise<void> {
    if (gone(this.host.place())) await this.host.go({ kind: 'view', view: 'all' });
    await this.host.changed();
  }

  private async attempt(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.host.toasts.error(error);
    }
  }
}

function count(n: number, word: string): string {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
}
