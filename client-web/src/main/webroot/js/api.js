// REST calls of the chat API. The token lives in sessionStorage (this origin only, gone with the
// tab), or, when the person chose to stay signed in, in localStorage (kept for the next visit and
// shared by the origin's tabs). Never in both: logging out removes it from either.

const TOKEN_KEY = 'chat.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY);
}

/** Stores the token (`remember`: in localStorage), or forgets it everywhere with null. */
export function setToken(value, remember = false) {
  sessionStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(TOKEN_KEY);
  if (value) (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, value);
}

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export async function call(method, path, body) {
  const headers = { 'Content-Type': 'application/json' };
  const t = token();
  if (t) {
    headers.Authorization = `Bearer ${t}`;
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const e = json.error || {};
    throw new ApiError(response.status, e.code || 'internal', e.message || response.statusText, e.field);
  }
  return json;
}

export const api = {
  register: (username, password, displayName) =>
    call('POST', '/api/auth/register', displayName ? { username, password, displayName } : { username, password }),
  login: (username, password) => call('POST', '/api/auth/login', { username, password }),
  config: () => call('GET', '/api/config'),
  me: () => call('GET', '/api/me'),
  profile: (user) => call('GET', `/api/profiles/${encodeURIComponent(user)}`),
  profiles: (users) => call('GET', `/api/profiles?users=${users.map(encodeURIComponent).join(',')}`),
  updateProfile: (user, fields) => call('PUT', `/api/profiles/${encodeURIComponent(user)}`, fields),
  rooms: (q, after) => call('GET', `/api/rooms?${query({ q, after })}`),
  createRoom: (room, visibility, topic) => call('POST', '/api/rooms', clean({ room, visibility, topic })),
  room: (room) => call('GET', `/api/rooms/${encodeURIComponent(room)}`),
  members: (room, after, limit) => call('GET', `/api/rooms/${encodeURIComponent(room)}/members?${query({ after, limit })}`),
  addMember: (room, user) => call('POST', `/api/rooms/${encodeURIComponent(room)}/members`, { user }),
  removeMember: (room, user) => call('DELETE', `/api/rooms/${encodeURIComponent(room)}/members/${encodeURIComponent(user)}`),
  myRooms: () => call('GET', '/api/me/rooms'),
  search: (q, before) => call('GET', `/api/search?${query({ q, before })}`),
  admin: {
    sessions: () => call('GET', '/api/admin/sessions'),
    nodes: () => call('GET', '/api/admin/nodes'),
    audit: () => call('GET', '/api/admin/audit?limit=100'),
    kick: (user, reason) => call('POST', `/api/admin/users/${user}/kick`, reason ? { reason } : {}),
    ban: (user, minutes, reason) => call('PUT', `/api/admin/users/${user}/ban`, clean({ minutes, reason })),
    unban: (user) => call('DELETE', `/api/admin/users/${user}/ban`),
    mute: (user, minutes, room) => call('PUT', `/api/admin/users/${user}/mute`, clean({ minutes, room })),
    unmute: (user, room) => call('DELETE', `/api/admin/users/${user}/mute${room ? `?room=${room}` : ''}`),
    revoke: (user) => call('POST', `/api/admin/users/${user}/revoke`),
    deleteMessage: (room, seq) => call('DELETE', `/api/admin/rooms/${room}/messages/${seq}`),
  },
};

/** A query string of the fields given. */
function query(fields) {
  return new URLSearchParams(clean(fields)).toString();
}

function clean(fields) {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}
