// A modal dialog on <dialog>: a title, a form, a place for the error, Cancel and a main button.
// Submitting runs `onSubmit`; its error is shown inside the dialog, which stays open.

import { h, replace } from '../dom/index.js';
import { messageOf } from './toasts.js';

export interface Modal {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  submit: HTMLButtonElement;
  showError(error: unknown): void;
  close(): void;
}

export function openModal(options: { id: string; title: string; submitLabel: string; fields: Node[]; onSubmit(modal: Modal): Promise<void> }): Modal {
  document.getElementById(options.id)?.remove();
  const body = h('div', { class: 'dialog-body' }, ...options.fields);
  const error = h('p', { class: 'dialog-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, options.submitLabel);
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const form = h('form', { class: 'dialog-form' }, h('h2', {}, options.title), body, error, h('div', { class: 'dialog-buttons' }, cancel, submit));
  const dialog = h('dialog', { class: 'dialog', id: options.id, 'aria-label': options.title }, form);
  const modal: Modal = {
    dialog,
    body,
    submit,
    showError(e) {
      error.hidden = false;
      replace(error, messageOf(e));
    },
    close: () => dialog.close(),
  };
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    options.onSubmit(modal).catch((e: unknown) => modal.showError(e)).finally(() => (submit.disabled = false));
  });
  document.body.append(dialog);
  dialog.showModal();
  return modal;
}

export function field(label: string, input: HTMLElement, hint?: string): HTMLElement {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), input, hint ? h('span', { class: 'field-hint' }, hint) : null);
}

/** A <select> of `[value, label]` options with `value` chosen. */
export function select(name: string, options: readonly (readonly [string, string])[], value: string): HTMLSelectElement {
  const el = h('select', { name }, ...options.map(([v, label]) => h('option', { value: v }, label)));
  el.value = value;
  return el;
}
