// Short notices for the person: a toast that goes by itself, and failed REST calls and error frames told as one.
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

const ERRORS = {
  rate_limited: 'You are sending too fast; wait a moment.',
  not_joined: 'Join the room first.',
  not_found: 'There is no such user or message.',
  forbidden: 'You are not allowed to do that.',
  too_large: 'That message is too long.',
  bad_request: 'The server did not accept that.',
  internal: 'Something went wrong on the server; try again.',
};

/** An error frame, as a sentence for people. */
export function describe(error) {
  return ERRORS[error.code] ? `${ERRORS[error.code]} (${error.message})` : error.message;
}
