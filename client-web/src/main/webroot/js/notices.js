// Short notices for the person: a toast that goes by itself, and failed REST calls told as one.
import { ApiError } from './api.js';
import { $ } from './dom.js';

const TOAST_SHOWN_MS = 6_000;

let timer = null;

export function toast(message) {
  const el = $('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => { el.hidden = true; }, TOAST_SHOWN_MS);
}

export function showApiError(e) {
  toast(e instanceof ApiError ? e.message : 'The server cannot be reached.');
}
