// The dialogs of feed and tag management: rename, move to a folder, and the confirmation before
// anything is removed or many articles change. All of them are the app's modal (dialogs/modal):
// an archive error stays inside the dialog, which stays open.

import { h } from '../dom/index.js';
import { field, openModal } from '../dialogs/modal.js';

/** Ask for a new name; `save` runs the change and its error is shown in the dialog. */
export function openRename(options: { id: string; title: string; label: string; current: string; save(name: string): Promise<void> }): void {
  const name = h('input', { type: 'text', name: 'name', required: true, value: options.current, autocomplete: 'off', spellcheck: 'false' });
  openModal({
    id: options.id,
    title: options.title,
    submitLabel: 'Rename',
    fields: [field(options.label, name)],
    async onSubmit(m) {
      const value = name.value.trim();
      if (!value) throw new Error('The name cannot be empty.');
      if (value !== options.current) await options.save(value);
      m.close();
    },
  });
  name.select();
}

/** Choose a folder for a feed: no folder, one of the existing ones, or a new one. */
export function openMoveToFolder(options: { feedTitle: string; current: string | null; folders: string[]; save(folder: string | null): Promise<void> }): void {
  const radio = (value: string, checked: boolean) => h('input', { type: 'radio', name: 'folder', value, checked });
  const newName = h('input', { type: 'text', name: 'new-folder', placeholder: 'New folder', 'aria-label': 'Name of the new folder', autocomplete: 'off' });
  const newRadio = radio('', false);
  const choices = h('div', { class: 'feed-choices', role: 'radiogroup', 'aria-label': 'Folder' },
    h('label', { class: 'check' }, radio('', options.current === null), ' No folder'),
    ...options.folders.map((f) => h('label', { class: 'check' }, radio(f, f === options.current), ` ${f}`)),
    h('label', { class: 'check new-folder' }, newRadio, newName));
  newName.addEventListener('input', () => (newRadio.checked = true));
  openModal({
    id: 'move-feed',
    title: `Move “${options.feedTitle}”`,
    submitLabel: 'Move',
    fields: [choices],
    async onSubmit(m) {
      const chosen = choices.querySelector<HTMLInputElement>('input[name=folder]:checked');
      const isNew = chosen === newRadio;
      const folder = isNew ? newName.value.trim() : (chosen?.value ?? '');
      if (isNew && !folder) throw new Error('Type the name of the new folder.');
      if ((folder || null) !== options.current) await options.save(folder || null);
      m.close();
    },
  });
}

/** Merge a tag into another: every article with it gets the other instead. */
export function openMergeTag(options: { tag: string; others: { name: string; count: number }[]; save(into: string): Promise<void> }): void {
  const into = h('select', { name: 'into', required: true },
    ...options.others.map((t) => h('option', { value: t.name }, `#${t.name} (${t.count})`)));
  openModal({
    id: 'merge-tag',
    title: `Merge #${options.tag} into…`,
    submitLabel: 'Merge',
    fields: [field('Tag to keep', into, `Articles tagged #${options.tag} get this tag instead; #${options.tag} goes.`)],
    async onSubmit(m) {
      await options.save(into.value);
      m.close();
    },
  });
  into.focus();
}

/** Ask before something that cannot be undone in one click; `run` happens on confirmation. */
export function openConfirm(options: { id: string; title: string; message: string; action: string; danger?: boolean; run(): Promise<void> }): void {
  const modal = openModal({
    id: options.id,
    title: options.title,
    submitLabel: options.action,
    fields: [h('p', { class: 'dialog-message' }, options.message)],
    async onSubmit(m) {
      await options.run();
      m.close();
    },
  });
  if (options.danger) modal.submit.classList.add('danger');
}
