// The app: the one place that knows how the panes fit together. It holds where the user is and
// which article is open, turns keys and clicks into archive calls, and keeps the panes current
// as events arrive. Each pane only draws; none of them calls the archive itself.

import type { ArchiveEvent, ArticleDetail, ArticleSummary, ImportResult, Settings } from '../../../src/api.js';
import { type ArchiveClient, assetSource } from '../client/index.js';
import { Toasts, openAddFeed, openSaveSearch, openShortcuts } from '../dialogs/index.js';
import { required } from '../dom/index.js';
import { Commands, type Handlers, describeMenu } from '../commands/index.js';
import { ArticleList } from '../list/index.js';
import { Manager } from '../manage/index.js';
import { ReadingPlace } from '../list/reading-place.js';
import { opmlCounts } from '../manage/opml.js';
import { Reader } from '../reader/index.js';
import { HighlightsView } from '../highlights/index.js';
import { tryAgain } from '../reader/try-again.js';
import { openSavePage } from '../dialogs/save-page.js';
import { SearchBox } from '../search/index.js';
import { machinesSection, openSettings } from '../settings/index.js';
import { openRetentionPreview, openRules } from '../rules/index.js';
import { showUnreadInTitle } from '../badge/index.js';
import { Sidebar, type SidebarData } from '../sidebar/index.js';
import { type ThemeChoice, applyTheme, clampFontSize, nextTheme, watchSystemTheme } from '../theme/index.js';
import { type Place, type Sort, SMART_VIEWS, emptyFor, loaderFor, placeTitle } from './place.js';
import { Progress } from './progress.js';
import { ImagesProgress } from './images-progress.js';
import { downloadText, readChosenFile } from './files.js';
import { type Transfers, createTransfers, dropKind } from '../client/transfers.js';
import { importSummary, openExportLibrary, openImportLibrary } from '../dialogs/transfers.js';
import { watchDrops } from './drop.js';
import { Panes, bindMoreActions } from './panes.js';
import { isSeed, seedLabel, welcome } from '../welcome/index.js';

const RELOAD_PAUSE_MS = 250;
const SETTLE_PAUSE_MS = 1500;
const READ_PAUSE_MS = 300;
const DEFAULT_FONT_SIZE = 18;

export class App {
  private place: Place = { kind: 'view', view: 'all' };
  private before: Place = this.place;
  private sort: Sort = 'date';
  private settings: Pick<Settings, 'theme' | 'fontSize'> = { theme: 'system', fontSize: DEFAULT_FONT_SIZE };
  /** Article ids whose change event we caused ourselves and already show. */
  private readonly ownChanges = new Set<string>();
  private reloadTimer = 0;
  private reloadList = false;
  private sidebarLoading: Promise<void> | null = null;
  private sidebarAgain = false;
  private settleTimer = 0;
  /** Articles opened (so read on screen) that the archive has not been told about yet. */
  private readonly pendingReads = new Map<string, ArticleSummary>();
  private readTimer = 0;

  private readonly toasts = new Toasts(required(document, '#toasts'));
  private readonly progress = new Progress(required(document, '.progress'), required(document, '.progress-fill'), required(document, '.progress-label'));
  private readonly sidebar: Sidebar;
  private readonly list: ArticleList;
  private readonly reader: Reader;
  private readonly highlightsView: HighlightsView;
  private readonly search: SearchBox;
  private readonly manage: Manager;
  private readonly readingPlace: ReadingPlace;
  /** Keys, buttons and the desktop menu run commands through here (renderer/src/commands). */
  private readonly commands: Commands = new Commands(this.handlers(), (error) => this.toasts.error(error));
  /** The image queue's line at the foot of the window (images arrive after their articles). */
  private readonly images = new ImagesProgress({
    openSettings: () => void this.openSettings().then(() => document.querySelector<HTMLInputElement>('#settings input[name="download-images"]')?.focus()),
    showArrived: () => this.showArrived(),
  });
  /** The open article with its images arrived, while the image line offers to show it. */
  private arrived: ArticleDetail | null = null;
  /** Which panes the window's width shows: the drawer, the one-pane reader and its way back. */
  private readonly panes = new Panes(document.body);
  /** Above the seed article: what it is (first launch). */
  private readonly seedNote = seedLabel();
  /** The theme choice the desktop menu was last described with (it is sent again only when that changes). */
  private menuTheme: string | null = null;
  /** The open article a pending delete took away, and the article selected after it (its Undo selects it again). */
  private followed: { id: string; after: string | null } | null = null;
  /** The place being shown (a search's results: Enter in the box then moves to them). */
  private going: Promise<void> = Promise.resolve();

  constructor(private readonly client: ArchiveClient, private readonly transfers: Transfers = createTransfers()) {
    this.manage = new Manager({
      client,
      toasts: this.toasts,
      place: () => this.place,
      go: (place) => this.go(place),
      changed: async () => {
        await Promise.all([this.refreshSidebar(), this.list.reload()]);
        this.showListHeader();
      },
      listPager: () => this.list.loader,
      hide: (ids, hidden) => {
        const at = this.list.hide(ids, hidden);
        if (hidden && this.reader.current && ids.includes(this.reader.current.id)) this.leaveDeleted(this.reader.current.id, at);
        else if (!hidden) this.returnDeleted(ids);
        this.showListHeader();
      },
    });
    this.sidebar = new Sidebar(required(document, '.sidebar'), {
      go: (place) => void this.go(place),
      explain: (feed) => this.toasts.warning(`${feed.title}: the last refresh failed${feed.errorCount > 1 ? ` (${feed.errorCount} times in a row)` : ''}${feed.lastErrorMessage ? `. ${feed.lastErrorMessage}` : `: ${feed.lastError}.`} ${feed.lastSuccessAt ? `Last success ${new Date(feed.lastSuccessAt).toLocaleString()}.` : 'It never worked yet: check the address.'}`),
      addFeed: () => this.addFeed(),
      feedMenu: (feed, at) => this.manage.feedMenu(feed, at),
      tagMenu: (tag, at) => this.manage.tagMenu(tag, at),
      iconUrl: (name) => client.assetUrl(name),
      highlights: () => this.highlightsView.open(),
    });
    this.list = new ArticleList(required(document, '.list'), {
      select: (article) => void this.open(article),
      menu: (article, at) => this.manage.articleMenu(article, at),
      // A search still being typed may be an operator half written (tag:): its error waits for
      // Enter. Only that kind of error: a server that cannot be reached is said at once.
      error: (error) => (this.place.kind === 'search' && this.place.typing && (error as { kind?: unknown }).kind === 'invalid' ? undefined : this.toasts.error(error)),
    });
    this.reader = new Reader(required(document, '.reader'), { assetUrl: (n) => client.assetUrl(n), assetSource: assetSource(client) }, this.look(), {
      addTags: (tags) => void this.tag(tags, true),
      removeTag: (tag) => void this.tag([tag], false),
      highlights: { archive: client, error: (error) => this.toasts.error(error) },
      retry: () => void tryAgain({
        client, toasts: this.toasts, current: () => this.reader.current,
        refreshed: (fresh) => {
          if (this.reader.current?.id === fresh.id) this.reader.show(fresh);
          void this.list.reload();
        },
      }),
    });
    this.highlightsView = new HighlightsView({
      archive: client,
      error: (error) => this.toasts.error(error),
      open: (id, highlightId) => void client.getArticle(id).then((article) => {
        this.panes.showReader();
        this.reader.showHighlight(article, highlightId);
      }, (error: unknown) => this.toasts.error(error)),
    });
    required(document, '.list-pane').append(this.highlightsView.root);
    // Your place in each article, and Space paging (issue 16 items 4, 5).
    this.readingPlace = new ReadingPlace({
      onFrame: (listener) => this.reader.onFrame(listener),
      scroller: () => this.reader.scroller(),
      current: () => this.reader.current,
      save: (id, progress) => this.client.setReadingProgress(id, progress),
      saved: (id, progress) => this.list.patch(id, { progress }),
      nextUnread: async () => {
        if (!(await this.list.selectNextUnread())) this.toasts.info('No more unread articles in this list');
      },
      previous: () => this.list.move(-1),
      error: (error) => this.toasts.error(error),
    });
    this.search = new SearchBox(required(document, '.search'), {
      search: (query, typing) => void (this.going = this.go({ kind: 'search', query, typing })),
      submitted: () => void this.focusResults(),
      leave: () => void this.go(this.before),
      save: (query) => openSaveSearch(client, query, (name) => {
        this.toasts.info(`Saved the search “${name}”`);
        void this.refreshSidebar();
      }),
    });
  }

  async start(): Promise<void> {
    this.bindControls();
    bindMoreActions(required(document, '.actions'), required<HTMLButtonElement>(document, '.more-actions'));
    this.showWelcome();
    this.commands.bindKeys(document);
    this.commands.bindButtons(document);
    this.commands.bindMenu(window);
    watchSystemTheme(() => this.applyLook());
    this.client.onEvent((event) => this.handleEvent(event));
    required(document, '.panes').after(this.images.root);
    document.body.append(watchDrops(window, {
      url: (url) => void this.saveDropped(url),
      file: (file) => void this.importDropped(file),
      refused: (reason) => this.toasts.warning(reason),
    }));
    // The line is a side note: when the queue cannot be read it stays hidden, the events still move it.
    void this.images.load(() => this.client.imageStatus()).catch(() => undefined);
    // Leaving the page: send the read marks still waiting (best effort; the pause is 300 ms).
    window.addEventListener('pagehide', () => void this.sendReads());
    // The list first: it is what the user waits for, and the server answers one call at a time.
    const settings = this.loadSettings();
    await this.go(this.place);
    await Promise.all([settings, this.refreshSidebar()]);
  }

  // ---- places -------------------------------------------------------------------------

  async go(place: Place): Promise<void> {
    this.highlightsView.close();
    if (place.kind !== 'search') {
      this.before = place;
      this.search.clear();
    } else {
      this.search.set(place.query);
    }
    this.place = place;
    this.sort = defaultSort(place);
    this.sidebar.select(place);
    this.showListHeader();
    await this.list.show(loaderFor(this.client, place, this.sort), emptyFor(place), { source: place.kind !== 'feed' });
    this.showListHeader();
  }

  private showListHeader(): void {
    required(document, '.list-title').textContent = placeTitle(this.place);
    const total = this.list.total;
    required(document, '.list-count').textContent = total ? `${total.toLocaleString()} ${total === 1 ? 'article' : 'articles'}` : '';
    const sort = required<HTMLSelectElement>(document, '.list-sort');
    // Best match means something for a search only; any list can put the articles furthest read first.
    required<HTMLOptionElement>(sort, 'option[value="relevance"]').hidden = this.place.kind !== 'search';
    sort.value = this.sort;
  }

  // ---- articles -----------------------------------------------------------------------

  /** Show an article in the reader; opening it marks it read. */
  private async open(summary: ArticleSummary): Promise<void> {
    try {
      const article = await this.client.getArticle(summary.id);
      if (this.list.selected?.id !== summary.id) return;
      // The reader first shows (a one-pane window), then loads: a frame loaded hidden may stay blank.
      this.panes.showReader();
      this.seedNote.hidden = !isSeed(article);
      this.reader.show(article);
      this.images.offerArrived(false);
      if (!article.read && !this.pendingReads.has(article.id)) this.markReadSoon(article);
    } catch (error) {
      this.toasts.error(error);
    }
  }

  /**
   * Opening marks read at once on screen; the archive hears it after a short pause, for all the
   * articles opened meanwhile in one call. (Each call is a write of library.json, which at tens of
   * thousands of articles stalls the archive for a moment: j held down must not pay it per article.)
   */
  private markReadSoon(article: ArticleSummary): void {
    this.pendingReads.set(article.id, article);
    this.list.patch(article.id, { read: true }, 'unsent');
    this.reader.update({ read: true });
    this.sidebar.adjust(article.feedId, { unread: -1 });
    window.clearTimeout(this.readTimer);
    this.readTimer = window.setTimeout(() => void this.sendReads(), READ_PAUSE_MS);
  }

  /** Tell the archive about the articles opened since the last call. */
  private async sendReads(): Promise<void> {
    window.clearTimeout(this.readTimer);
    const ids = [...this.pendingReads.keys()];
    this.pendingReads.clear();
    if (ids.length === 0) return;
    ids.forEach((id) => this.ownChanges.add(id));
    try {
      await this.client.setRead(ids, true);
      // Shown read since they were opened: a list page asked for before now may predate the write.
      for (const id of ids) this.list.confirm(id, { read: true });
    } catch (error) {
      this.toasts.error(error);
      for (const id of ids) this.list.forget(id);
      await this.list.reload();
    }
    this.settleCounts();
  }

  private async setRead(article: ArticleSummary, read: boolean): Promise<void> {
    const { id } = article;
    if (this.pendingReads.delete(id)) this.settleCounts();
    this.ownChanges.add(id);
    const changed = await this.client.setRead([id], read);
    this.list.patch(id, { read });
    if (this.reader.current?.id === id) this.reader.update({ read });
    if (changed) this.sidebar.adjust(article.feedId, { unread: read ? -1 : 1 });
    this.settleCounts();
  }

  private async setStarred(article: ArticleSummary, starred: boolean): Promise<void> {
    const { id } = article;
    this.ownChanges.add(id);
    const changed = await this.client.setStarred([id], starred);
    this.list.patch(id, { starred });
    if (this.reader.current?.id === id) this.reader.update({ starred });
    if (changed) this.sidebar.adjust(article.feedId, { starred: starred ? 1 : -1 });
    this.settleCounts();
  }

  private async tag(tags: string[], add: boolean): Promise<void> {
    const article = this.reader.current;
    if (!article) return;
    try {
      this.ownChanges.add(article.id);
      if (add) await this.client.tagArticles([article.id], tags);
      else await this.client.untagArticles([article.id], tags);
      const fresh = await this.client.getArticle(article.id);
      this.reader.update({ tags: fresh.tags });
      this.list.patch(article.id, { tags: fresh.tags });
      void this.refreshSidebar();
    } catch (error) {
      this.toasts.error(error);
    }
  }

  /** The article a key acts on: the open one, else the selected row. */
  private target(): ArticleSummary | null {
    return this.reader.current ?? this.list.selected ?? null;
  }

  /** What each command does: the registry's handlers, one per id of renderer/src/commands/table.ts. */
  private handlers(): Handlers {
    const target = () => this.target();
    const fontSize = (size: number) => this.changeSettings({ fontSize: clampFontSize(size) });
    const theme = (choice: ThemeChoice) => () => this.changeSettings({ theme: choice });
    return {
      'add-feed': () => this.addFeed(),
      'save-url': () => this.saveUrl(),
      refresh: () => this.refresh(),
      'import-library': () => this.importLibrary(),
      'export-library': () => this.exportLibrary(),
      'import-opml': () => required<HTMLInputElement>(document, '.opml-file').click(),
      'export-opml': async () => downloadText('tidings-feeds.opml', await this.client.exportOpml(), 'text/x-opml'),
      settings: () => this.openSettings(),
      rules: () => {
        openRules(this.client);
      },
      search: () => this.search.focus(),
      'theme-system': theme('system'),
      'theme-light': theme('light'),
      'theme-dark': theme('dark'),
      'theme-next': () => this.changeSettings({ theme: nextTheme(this.settings.theme) }),
      'font-bigger': () => fontSize(this.settings.fontSize + 1),
      'font-smaller': () => fontSize(this.settings.fontSize - 1),
      'font-reset': () => fontSize(DEFAULT_FONT_SIZE),
      next: () => this.list.move(1),
      previous: () => this.list.move(-1),
      open: () => (this.list.selected ? this.open(this.list.selected) : this.list.move(1)),
      'page-down': () => this.readingPlace.page(1),
      'page-up': () => this.readingPlace.page(-1),
      'open-original': () => openOriginal(target()?.url ?? null),
      'toggle-read': () => {
        const article = target();
        return article ? this.setRead(article, !article.read) : false;
      },
      'toggle-star': () => {
        const article = target();
        return article ? this.setStarred(article, !article.starred) : false;
      },
      tag: () => this.reader.focusTags(),
      highlight: () => this.reader.highlightSelection(),
      'article-note': () => this.reader.editNote(),
      'mark-all-read': () => this.manage.markAllReadHere(placeTitle(this.place)),
      delete: () => {
        const article = target();
        if (!article) return false;
        this.manage.deleteLater([article.id], `Deleted “${article.title || 'Untitled'}”`);
      },
      shortcuts: () => openShortcuts(),
      escape: () => this.escape(),
    };
  }

  /**
   * The open article is leaving the list (a delete waiting for its Undo): the reader empties,
   * a one-pane window turns back to the list (an empty reader is no place to be left in), and
   * the article that took its row is selected: opened in a wide window, only marked in one pane.
   */
  private leaveDeleted(id: string, at: number): void {
    this.reader.clear();
    const onePane = this.panes.onePane;
    if (onePane) this.panes.back();
    const row = Math.min(at, this.list.total - 1);
    this.followed = { id, after: null };
    if (row >= 0) void this.list.selectIndex(row, !onePane).then(() => {
      if (this.followed?.id === id) this.followed.after = this.list.selected?.id ?? null;
    });
  }

  /** Undo put articles back: the one that was open is selected again, unless the user moved on. */
  private returnDeleted(ids: readonly string[]): void {
    const followed = this.followed;
    if (!followed || !ids.includes(followed.id)) return;
    this.followed = null;
    if ((this.list.selected?.id ?? null) !== followed.after) return;
    const index = this.list.indexOf(followed.id);
    if (index >= 0) void this.list.selectIndex(index, !this.panes.onePane);
  }

  /** First launch: the welcome in the empty reader, the seed article's label above it. */
  private showWelcome(): void {
    const reader = required(document, '.reader');
    reader.append(welcome({
      bookmarklet: () => void this.openSettings().then(() => {
        const link = document.querySelector<HTMLElement>('dialog[open] .bookmarklet');
        link?.scrollIntoView({ block: 'center' });
        link?.focus();
      }),
    }));
    reader.querySelector('.reader-frame')?.before(this.seedNote);
  }

  /** Enter in the search box: the focus goes to the first result, once the results are in. */
  private async focusResults(): Promise<void> {
    await this.going;
    if (this.place.kind !== 'search' || this.list.total === 0) return;
    required(document, '.list').focus();
    // In one pane, selecting would open the reader over the results: the list gets the focus only.
    if (!this.panes.onePane) await this.list.selectIndex(0);
  }

  private escape(): void {
    if (this.panes.escape()) return;
    if (this.search.helpOpen) this.search.toggleHelp(false);
    else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  }

  // ---- feeds and files ------------------------------------------------------------------

  private addFeed(): void {
    openAddFeed(this.client, (feed, message) => {
      this.toasts.info(message);
      void this.refreshSidebar();
      void this.go({ kind: 'feed', feedId: feed.id, title: feed.title });
    });
  }

  private saveUrl(): void {
    openSavePage(this.client, this.toasts, () => {
      void this.refreshSidebar();
      void this.list.reload().then(() => this.showListHeader());
    });
  }

  private async refresh(): Promise<void> {
    this.progress.started('Refreshing feeds…');
    try {
      const summary = await this.client.refresh({ all: true });
      this.toasts.info(summary.feeds === 0 ? 'No feeds to refresh yet: add one with + Feed.' : `Refreshed ${plural(summary.feeds, 'feed')}: ${plural(summary.newArticles, 'new article')}`);
      if (summary.failed) this.toasts.warning(`${summary.failed} of ${summary.feeds} feeds failed: ${summary.errors.map((e) => `${e.title}: ${e.error}`).join('; ')}`);
    } finally {
      this.progress.finished('refresh');
      await Promise.all([this.refreshSidebar(), this.list.reload()]);
      this.showListHeader();
    }
  }

  /** The controls that are not commands: the OPML file chooser and the sort. */
  private bindControls(): void {
    const file = required<HTMLInputElement>(document, '.opml-file');
    file.addEventListener('change', () => void this.importOpml(file));
    required<HTMLSelectElement>(document, '.list-sort').addEventListener('change', (event) => {
      this.sort = (event.target as HTMLSelectElement).value as Sort;
      void this.list.show(loaderFor(this.client, this.place, this.sort), emptyFor(this.place)).then(() => this.showListHeader());
    });
  }

  // ---- libraries in and out, drops ---------------------------------------------------------

  private importLibrary(): void {
    openImportLibrary(this.transfers, (pending) => void this.showImport(pending));
  }

  /** The bar shows the import while it runs (not a modal: reading goes on); the toast says what came in. */
  private async showImport(pending: Promise<ImportResult | null>): Promise<void> {
    this.progress.importing('Importing…');
    try {
      const result = await pending;
      if (!result) return;
      // One toast: with problems it stays until dismissed (a warning), so they are read.
      const summary = importSummary(result);
      if (summary.problems) this.toasts.warning(`${summary.text} ${summary.problems}`);
      else this.toasts.info(summary.text);
    } catch (error) {
      this.toasts.error(error);
    } finally {
      this.progress.finished('import');
      await Promise.all([this.refreshSidebar(), this.list.reload()]);
      this.showListHeader();
    }
  }

  private exportLibrary(): void {
    openExportLibrary(this.transfers, listQueryOf(this.place), (message) => {
      if (message) this.toasts.info(message);
    });
  }

  private async saveDropped(url: string): Promise<void> {
    try {
      const article = await this.client.saveUrl(url, { keepFailed: true });
      if (article.extraction.status === 'failed') this.toasts.warning(`Kept ${url}, but it could not be read now: “Try again” on it later.`);
      else this.toasts.info(`Saved “${article.title}”`);
      await Promise.all([this.refreshSidebar(), this.list.reload()]);
      this.showListHeader();
    } catch (error) {
      this.toasts.error(error);
    }
  }

  private async importDropped(file: File): Promise<void> {
    const kind = dropKind(file.name);
    if (kind === 'library') return this.showImport(this.transfers.importDropped(file, kind).then((r) => (r.kind === 'library' ? r.result : null)));
    try {
      const done = await this.transfers.importDropped(file, kind);
      if (done.kind === 'article') this.toasts.info(`Saved “${done.article.title}” from ${file.name}`);
      if (done.kind === 'opml') this.toasts.info(`OPML: ${opmlCounts(done.feeds)}`);
      await Promise.all([this.refreshSidebar(), this.list.reload()]);
      this.showListHeader();
    } catch (error) {
      this.toasts.error(error);
    }
  }

  private async importOpml(input: HTMLInputElement): Promise<void> {
    try {
      const xml = await readChosenFile(input);
      if (xml === null) return;
      // The new feeds are fetched at once; meanwhile the refresh events move the progress bar and
      // bring their articles into the list. The answer comes when that first refresh is over.
      this.progress.started('Importing feeds…');
      const result = await this.client.importOpml(xml, { refresh: 'wait' }).finally(() => this.progress.finished('refresh'));
      const fetched = result.refresh ? `; ${plural(result.refresh.newArticles, 'new article')}${result.refresh.failed ? `, ${result.refresh.failed} failed` : ''}` : '';
      this.toasts.info(`OPML: ${opmlCounts(result)}${fetched}`);
      // The module prefix ("opml: ") is for logs; people read the outline and why it was left out.
      if (result.errors.length) this.toasts.warning(`${result.errors.length === 1 ? 'One entry of the file was' : `${result.errors.length} entries of the file were`} left out: ${result.errors.slice(0, 5).map((e) => e.replace(/^opml: /, '')).join('; ')}`);
      await this.refreshSidebar();
    } catch (error) {
      this.toasts.error(error);
    }
  }

  // ---- data for the panes ---------------------------------------------------------------

  /**
   * Reload the sidebar, at most one load at a time: asks made during a load become one more
   * load after it (its counts walk the whole archive; a burst of key presses must not queue
   * one walk each).
   */
  private refreshSidebar(): Promise<void> {
    if (this.sidebarLoading) {
      this.sidebarAgain = true;
      return this.sidebarLoading;
    }
    this.sidebarLoading = this.loadSidebar().finally(() => {
      this.sidebarLoading = null;
      if (this.sidebarAgain) {
        this.sidebarAgain = false;
        void this.refreshSidebar();
      }
    });
    return this.sidebarLoading;
  }

  private async loadSidebar(): Promise<void> {
    const [views, feeds, tags] = await Promise.allSettled([this.client.listViews(), this.client.listFeeds(), this.client.listTags()]);
    const data: SidebarData = { counts: {}, savedSearches: [], tags: [], feeds: [] };
    if (views.status === 'fulfilled') {
      for (const v of views.value) {
        const smart = SMART_VIEWS.find((s) => s.view === v.id || s.name.toLowerCase() === v.name.toLowerCase());
        if (v.kind === 'smart' && smart) data.counts[smart.view] = v.count;
        if (v.kind === 'saved-search') data.savedSearches.push(v);
      }
    } else {
      this.toasts.error(views.reason);
    }
    await this.countMissingViews(data);
    if (feeds.status === 'fulfilled') data.feeds = feeds.value;
    else this.toasts.error(feeds.reason);
    if (tags.status === 'fulfilled') data.tags = tags.value;
    else this.toasts.error(tags.reason);
    this.sidebar.show(data);
    showUnreadInTitle(document, data.counts.unread);
    // The welcome shows in the empty reader while the library holds no more than the seed.
    required(document, '.reader').classList.toggle('welcoming', data.feeds.length === 0 && (data.counts.all ?? 0) <= 1);
    // Tags that could not be read leave the completions as they were.
    if (tags.status === 'fulfilled') {
      const tagNames = data.tags.map((t) => t.name);
      this.reader.setTagCompletions(tagNames);
      this.search.setTags(tagNames);
    }
  }

  /** Counts that listViews did not give (All, or every one when it failed), from the list itself. */
  private async countMissingViews(data: SidebarData): Promise<void> {
    const views = SMART_VIEWS.map((v) => v.view).filter((view) => data.counts[view] === undefined);
    const totals = await Promise.allSettled(views.map((view) => this.client.listArticles({ view, limit: 1 })));
    totals.forEach((t, i) => {
      if (t.status === 'fulfilled') data.counts[views[i]!] = t.value.total;
    });
  }

  private handleEvent(event: ArchiveEvent): void {
    this.progress.handle(event);
    this.images.handle(event);
    if (event.type === 'notice') {
      if (event.level === 'error') this.toasts.error(event.message);
      else if (event.level === 'warning') this.toasts.warning(event.message);
      else this.toasts.info(event.message);
    } else if (event.type === 'changed') {
      const ours = event.what === 'articles' && event.ids?.length && event.ids.every((id) => this.ownChanges.delete(id));
      if (ours) this.settleCounts();
      else this.scheduleReload(event.what !== 'settings');
      const open = this.reader.current?.id;
      if (!ours && open && event.what === 'articles' && event.ids?.includes(open)) void this.openChanged(open);
      // "Keep images offline" switched on or off pauses or resumes the image queue.
      if (event.what === 'settings') void this.images.load(() => this.client.imageStatus()).catch(() => undefined);
    }
  }

  /**
   * The open article changed elsewhere: its images arrived (the queue rewrote its HTML to the
   * local copies). The image line offers them rather than showing them at once: showing a new
   * document puts the reader back at the top, and the sandboxed frame (no same-origin, in a
   * process of its own) tells us neither its scroll position nor whether it was scrolled.
   */
  private async openChanged(id: string): Promise<void> {
    const before = this.reader.current;
    const fresh = await this.client.getArticle(id).catch(() => null);
    if (!fresh || !before || this.reader.current?.id !== id || fresh.html === before.html) return;
    this.arrived = fresh;
    this.images.offerArrived(true);
  }

  private showArrived(): void {
    const fresh = this.arrived;
    this.arrived = null;
    this.images.offerArrived(false);
    const current = this.reader.current;
    if (!fresh || current?.id !== fresh.id) return;
    // Read, star and tags as shown now (a read mark may still be on its way to the archive).
    this.reader.show({ ...fresh, read: current.read, starred: current.starred, tags: current.tags });
  }

  /** Many events in a burst (a refresh) become one reload. */
  private scheduleReload(list: boolean): void {
    this.reloadList ||= list;
    if (this.reloadTimer) return;
    this.reloadTimer = window.setTimeout(() => {
      const withList = this.reloadList;
      this.reloadTimer = 0;
      this.reloadList = false;
      void this.refreshSidebar();
      if (withList) void this.list.reload().then(() => this.showListHeader());
    }, RELOAD_PAUSE_MS);
  }

  /**
   * Our own read/star changes are already counted in the sidebar (adjust); the exact counts
   * are fetched once the user pauses, so moving through articles never waits behind them.
   */
  private settleCounts(): void {
    window.clearTimeout(this.settleTimer);
    this.settleTimer = window.setTimeout(() => void this.refreshSidebar(), SETTLE_PAUSE_MS);
  }

  // ---- appearance -----------------------------------------------------------------------

  private async loadSettings(): Promise<void> {
    try {
      const settings = await this.client.getSettings();
      this.settings = { theme: settings.theme, fontSize: settings.fontSize };
    } catch (error) {
      this.toasts.error(error);
    }
    this.applyLook();
  }

  private async openSettings(): Promise<void> {
    try {
      openSettings(await this.client.getSettings(), async (patch) => {
        await this.client.updateSettings(patch);
        this.toasts.info('Settings saved');
        await this.loadSettings();
      }, machinesSection(this.client), {
        saveAddress: this.transfers.saveAddress,
        openRules: () => void openRules(this.client),
        previewRetention: () => void openRetentionPreview(this.client, (r) => this.toasts.info(`Removed ${r.removed} old read ${r.removed === 1 ? 'article' : 'articles'}`)).catch((e: unknown) => this.toasts.error(e)),
      });
    } catch (error) {
      this.toasts.error(error);
    }
  }

  private async changeSettings(patch: Partial<Pick<Settings, 'theme' | 'fontSize'>>): Promise<void> {
    this.settings = { ...this.settings, ...patch };
    this.applyLook();
    try {
      await this.client.updateSettings(patch);
    } catch (error) {
      this.toasts.error(error);
    }
  }

  private look() {
    return { theme: this.settings.theme as ThemeChoice, fontSize: this.settings.fontSize };
  }

  private applyLook(): void {
    applyTheme(this.settings.theme as ThemeChoice);
    this.reader.setLook(this.look());
    this.describeMenu();
  }

  /** The desktop app's menu, with the theme choice checked: sent when that choice changes, not on every look (browser mode has no such menu). */
  private describeMenu(): void {
    if (!window.tidingsMenu || this.menuTheme === this.settings.theme) return;
    this.menuTheme = this.settings.theme;
    window.tidingsMenu.set(describeMenu((id) => id === `theme-${this.settings.theme}`)).catch((error: unknown) => {
      this.menuTheme = null;
      this.toasts.error(error);
    });
  }
}

/** A place's order until the user picks another: a search by relevance (unless it says sort:), Continue reading by progress. */
function defaultSort(place: Place): Sort {
  if (place.kind === 'search') return (/\bsort:(date|progress|recent)\b/.exec(place.query)?.[1] as Sort | undefined) ?? 'relevance';
  return place.kind === 'view' && place.view === 'started' ? 'recent' : 'date';
}

/** The list on screen as a query of the search language, for "Export only this list". */
function listQueryOf(place: Place): { query: string; title: string } | null {
  const quoted = (s: string) => `"${s.replace(/"/g, '')}"`;
  const title = placeTitle(place);
  switch (place.kind) {
    case 'search': return { query: place.query, title };
    case 'tag': return { query: `tag:${quoted(place.tag)}`, title };
    case 'folder': return { query: `folder:${quoted(place.folder)}`, title };
    case 'feed': return { query: `feed:${quoted(place.title)}`, title };
    case 'view': return place.view === 'unread' ? { query: 'is:unread', title } : place.view === 'starred' ? { query: 'is:starred', title } : null;
  }
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
}

/** Open an article's page outside the app: http(s) only, without giving it a handle on us. */
function openOriginal(url: string | null): void {
  if (!url || !/^https?:\/\//i.test(url)) return;
  window.open(url, '_blank', 'noopener,noreferrer');
}

