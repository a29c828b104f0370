// The tag rules editor (issue 16, item 9) and the retention preview. A rule is a query of the
// search language and what to do to the articles it matches (tags, read, star); new articles
// get it as they arrive, existing ones only when the user runs it here, after being told how
// many it would change. While a query is typed, the articles it matches show below it (the
// first 20 and the total) and a query the archive refuses says why, in place.
// Editing a rule changes it in place (updateRule): it keeps its id and its place in the list,
// which is also the order rules run in.

import type { ArchiveApi, NewRule, RetentionResult, TagRule } from '../../../src/api.js';
import { h, replace } from '../dom/index.js';
import { field, openModal } from '../dialogs/modal.js';
import { messageOf } from '../dialogs/toasts.js';
import { parseTags } from '../tags/index.js';

type RulesClient = Pick<ArchiveApi, 'listRules' | 'addRule' | 'updateRule' | 'removeRule' | 'runRules' | 'listArticles'>;

/** How many preview titles a query shows. */
export const PREVIEW_LIMIT = 20;
/** Typing pauses this long before the preview asks the archive (not an assertion anywhere). */
const PREVIEW_DELAY_MS = 200;

/** "2 articles match", "1 article matches", "No article matches". */
export function matchesLabel(total: number): string {
  if (total === 0) return 'No article matches';
  return total === 1 ? '1 article matches' : `${total} articles match`;
}

/** What a rule does, in words: "add #a #b · mark read · star". */
export function ruleEffect(rule: Pick<TagRule, 'addTags' | 'markRead' | 'star'>): string {
  const parts: string[] = [];
  if (rule.addTags.length > 0) parts.push(`tag ${rule.addTags.join(', ')}`);
  if (rule.markRead) parts.push('mark read');
  if (rule.star) parts.push('star');
  return parts.length > 0 ? parts.join(' · ') : 'nothing';
}

/** The archive's reason a query is refused, without its "search: <the query>: " prefix. */
export function queryProblem(query: string, message: string): string {
  const prefix = `search: ${query}: `;
  return message.startsWith(prefix) && message.length > prefix.length ? message.slice(prefix.length) : message;
}

/** The sentence of the confirm before running a rule on existing articles. */
export function runQuestion(name: string, matched: number, changed: number): string {
  return `“${name}” matches ${matched} ${matched === 1 ? 'article' : 'articles'} and would change ${changed} of them.`;
}

export function openRules(client: RulesClient): { dialog: HTMLDialogElement; done: Promise<void> } {
  document.getElementById('rules')?.remove();
  const list = h('ul', { class: 'rules-list', 'aria-label': 'Rules' });
  const status = h('p', { class: 'rule-status', role: 'status' });
  const error = h('p', { class: 'dialog-error', role: 'alert', hidden: true });
  const confirmText = h('span', { class: 'rule-confirm-text' });
  const confirmOk = h('button', { type: 'button', class: 'primary rule-confirm-ok' }, 'Apply');
  const confirmCancel = h('button', { type: 'button', class: 'rule-confirm-cancel' }, 'Cancel');
  const confirm = h('div', { class: 'rule-confirm', role: 'alertdialog', hidden: true }, confirmText, h('span', { class: 'rule-confirm-buttons' }, confirmCancel, confirmOk));
  const newButton = h('button', { type: 'button', class: 'rule-new' }, 'New rule…');
  const close = h('button', { type: 'button', class: 'rules-close' }, 'Close');
  const editor = h('div', { class: 'rule-editor', hidden: true });
  // The list's buttons; the editor has its own (Cancel, Add) and hides these while it is open.
  const footer = h('div', { class: 'dialog-buttons rules-footer' }, newButton, close);
  const main = h('div', { class: 'rules-main' }, list, confirm, status, error);
  const dialog = h('dialog', { class: 'dialog rules-dialog', id: 'rules', 'aria-label': 'Tag rules' },
    h('h2', {}, 'Tag rules'),
    h('p', { class: 'field-hint' }, 'Each new article that matches a rule’s query gets what the rule does. Existing articles change only when you run a rule on them.'),
    main, editor, footer);
  let rules: TagRule[] = [];
  let pending: (() => Promise<void>) | null = null;

  const fail = (e: unknown) => {
    error.hidden = false;
    replace(error, messageOf(e));
  };
  const clearMessages = () => {
    error.hidden = true;
    replace(status);
  };
  const ask = (question: string, okLabel: string, run: () => Promise<void>) => {
    replace(confirmText, question);
    confirmOk.textContent = okLabel;
    pending = run;
    confirm.hidden = false;
    confirmOk.focus();
  };
  const dismiss = () => {
    pending = null;
    confirm.hidden = true;
  };
  confirmCancel.addEventListener('click', dismiss);
  confirmOk.addEventListener('click', () => {
    const run = pending;
    dismiss();
    if (run) run().catch(fail);
  });

  async function load(): Promise<void> {
    rules = await client.listRules();
    replace(list, ...(rules.length === 0 ? [h('li', { class: 'rules-empty' }, 'No rules yet.')] : rules.map(row)));
  }

  function row(rule: TagRule): HTMLElement {
    const edit = h('button', { type: 'button', class: 'rule-edit' }, 'Edit…');
    const run = h('button', { type: 'button', class: 'rule-run' }, 'Run on existing articles…');
    const remove = h('button', { type: 'button', class: 'rule-delete danger' }, 'Delete…');
    edit.addEventListener('click', () => showEditor(rule));
    run.addEventListener('click', () => {
      clearMessages();
      void client.runRules({ dryRun: true, ruleId: rule.id }).then((result) => {
        const counts = result.rules[0] ?? { matched: 0, changed: 0 };
        if (result.changed === 0) return void replace(status, `“${rule.name}” would change nothing: the ${counts.matched} ${counts.matched === 1 ? 'article' : 'articles'} it matches already have what it does.`);
        ask(runQuestion(rule.name, counts.matched, result.changed), `Apply to ${result.changed}`, async () => {
          const done = await client.runRules({ dryRun: false, ruleId: rule.id });
          replace(status, `“${rule.name}” changed ${done.changed} ${done.changed === 1 ? 'article' : 'articles'}.`);
        });
      }).catch(fail);
    });
    remove.addEventListener('click', () => {
      clearMessages();
      ask(`Delete the rule “${rule.name}”? Articles it already tagged keep their tags.`, 'Delete', async () => {
        await client.removeRule(rule.id);
        await load();
      });
    });
    return h('li', { class: 'rule', 'data-id': rule.id },
      h('div', { class: 'rule-text' },
        h('span', { class: 'rule-name' }, rule.name),
        h('code', { class: 'rule-query' }, rule.query),
        h('span', { class: 'rule-effect' }, ruleEffect(rule))),
      h('div', { class: 'rule-actions' }, edit, run, remove));
  }

  function showEditor(existing: TagRule | null): void {
    clearMessages();
    dismiss();
    const name = h('input', { type: 'text', name: 'rule-name', value: existing?.name ?? '', placeholder: 'The query, if empty' });
    const query = h('input', { type: 'text', name: 'rule-query', value: existing?.query ?? '', placeholder: 'tag:ai OR feed:"Ars Technica"', spellcheck: 'false', required: true, 'aria-describedby': 'rule-query-error' });
    const queryError = h('p', { class: 'rule-query-error', id: 'rule-query-error', role: 'alert', hidden: true });
    const total = h('p', { class: 'rule-preview-total', 'aria-live': 'polite' });
    const titles = h('ul', { class: 'rule-preview' });
    const tags = h('input', { type: 'text', name: 'rule-tags', value: existing?.addTags.join(', ') ?? '', placeholder: 'reading, ai' });
    const markRead = h('input', { type: 'checkbox', name: 'rule-mark-read', checked: existing?.markRead ?? false });
    const star = h('input', { type: 'checkbox', name: 'rule-star', checked: existing?.star ?? false });
    const save = h('button', { type: 'button', class: 'primary rule-save' }, existing ? 'Save rule' : 'Add rule');
    const cancel = h('button', { type: 'button', class: 'rule-cancel' }, 'Cancel');
    const saveError = h('p', { class: 'dialog-error', role: 'alert', hidden: true });
    replace(editor,
      h('h3', { class: 'dialog-section' }, existing ? 'Edit rule' : 'New rule'),
      field('Name', name),
      field('Articles that match', query, 'The search language: words, "exact words", -word, tag:, feed:, is:unread, OR.'),
      queryError,
      h('div', { class: 'rule-preview-box' }, total, titles),
      field('Add tags', tags, 'Separated by commas.'),
      h('div', { class: 'field-row' }, h('label', { class: 'check' }, markRead, ' Mark read'), h('label', { class: 'check' }, star, ' Star')),
      saveError,
      h('div', { class: 'dialog-buttons' }, cancel, save));
    main.hidden = true;
    footer.hidden = true;
    editor.hidden = false;

    // Only the latest query's answer is shown (an earlier one may come back later).
    let asked = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const preview = async () => {
      const text = query.value.trim();
      const mine = ++asked;
      if (!text) {
        queryError.hidden = true;
        replace(total);
        replace(titles);
        return;
      }
      try {
        const page = await client.listArticles({ query: text, limit: PREVIEW_LIMIT });
        if (mine !== asked) return;
        queryError.hidden = true;
        query.removeAttribute('aria-invalid');
        replace(total, matchesLabel(page.total));
        replace(titles, ...page.items.map((a) => h('li', {}, a.title || a.url || 'Untitled')));
      } catch (e) {
        if (mine !== asked) return;
        queryError.hidden = false;
        query.setAttribute('aria-invalid', 'true');
        replace(queryError, queryProblem(text, messageOf(e)));
        replace(total);
        replace(titles);
      }
    };
    query.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void preview(), PREVIEW_DELAY_MS);
    });
    void preview();

    cancel.addEventListener('click', () => hideEditor());
    save.addEventListener('click', () => {
      saveError.hidden = true;
      save.disabled = true;
      const rule: NewRule = { query: query.value.trim(), addTags: parseTags(tags.value), markRead: markRead.checked, star: star.checked };
      if (name.value.trim()) rule.name = name.value.trim();
      void (async () => {
        if (!rule.query) throw new Error('A rule needs a query.');
        // The query is checked before anything is written: a refused one changes nothing.
        await client.listArticles({ query: rule.query, limit: 1 });
        // An edited rule is changed in place: it keeps its id and its place (rules run in list order).
        if (existing) await client.updateRule(existing.id, rule);
        else await client.addRule(rule);
        hideEditor();
        await load();
      })().catch((e: unknown) => {
        saveError.hidden = false;
        replace(saveError, messageOf(e));
      }).finally(() => (save.disabled = false));
    });
    query.focus();
  }

  function hideEditor(): void {
    editor.hidden = true;
    replace(editor);
    main.hidden = false;
    footer.hidden = false;
    newButton.focus();
  }

  newButton.addEventListener('click', () => showEditor(null));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('cancel', (event) => {
    // Esc leaves the editor or the question first, then the dialog.
    if (!editor.hidden) {
      event.preventDefault();
      hideEditor();
    } else if (!confirm.hidden) {
      event.preventDefault();
      dismiss();
    }
  });
  const done = new Promise<void>((resolve) => dialog.addEventListener('close', () => {
    dialog.remove();
    resolve();
  }));
  document.body.append(dialog);
  dialog.showModal();
  load().catch(fail);
  return { dialog, done };
}

// ---- retention ------------------------------------------------------------------------------

type RetentionClient = Pick<ArchiveApi, 'applyRetention' | 'listFeeds'>;

/** "12 read articles older than 30 days". */
export function retentionLine(removed: number, days: number | null): string {
  const what = removed === 1 ? '1 read article' : `${removed} read articles`;
  return days === null ? what : `${what} older than ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** What the feeds' keeping periods would remove now, per feed; removed only on confirm. */
export async function openRetentionPreview(client: RetentionClient, removed: (result: RetentionResult) => void = () => undefined): Promise<void> {
  const [plan, feeds] = await Promise.all([client.applyRetention({ dryRun: true }), client.listFeeds()]);
  const days = new Map(feeds.map((f) => [f.id, f.retentionDays]));
  const rows = plan.perFeed.filter((p) => p.removed > 0).map((p) =>
    h('li', { class: 'retention-feed' }, h('span', { class: 'retention-title' }, p.title), h('span', { class: 'retention-count' }, retentionLine(p.removed, days.get(p.feedId) ?? null))));
  const nothing = plan.removed === 0;
  const modal = openModal({
    id: 'retention',
    title: 'Clean up old articles',
    submitLabel: nothing ? 'Close' : `Remove ${plan.removed === 1 ? '1 article' : `${plan.removed} articles`}`,
    fields: nothing
      ? [h('p', { class: 'dialog-message' }, 'Nothing to remove now: no feed keeps its read articles for a limited time, or none is old enough.')]
      : [
        h('p', { class: 'dialog-message' }, 'These feeds keep read articles for a limited time (“Feed info…”). Starred, tagged and saved articles always stay.'),
        h('ul', { class: 'retention-list' }, ...rows),
      ],
    async onSubmit(m) {
      if (!nothing) removed(await client.applyRetention({ dryRun: false }));
      m.close();
    },
  });
  if (!nothing) modal.submit.classList.add('danger');
}
