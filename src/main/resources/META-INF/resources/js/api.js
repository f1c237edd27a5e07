// Talking to zigd: the token, requests with the bearer header, and streams (WebSocket, SSE) with ?token=.
const KEY = 'zigd.token';

/** Moves a token from the address bar's fragment (#token=…) into sessionStorage and out of the history. */
export function takeTokenFromFragment() {
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : '';
  const params = new URLSearchParams(hash.replace(/^\/?[^?&]*\?/, ''));
  const token = params.get('token');
  if (token === null) return false;
  sessionStorage.setItem(KEY, token.trim());
  history.replaceState(null, '', location.pathname + location.search + '#/sessions');
  return true;
}

export const token = () => sessionStorage.getItem(KEY) || '';
export const hasToken = () => token() !== '';
export function forgetToken() { sessionStorage.removeItem(KEY); }

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

function unauthorized() {
  window.dispatchEvent(new CustomEvent('zigd:unauthorized'));
  return new ApiError(401, 'unauthorized', 'the daemon refused the token');
}

async function send(path, { method = 'GET', body, signal } = {}) {
  const headers = { Authorization: `Bearer ${token()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, signal, cache: 'no-store', credentials: 'omit',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) throw unauthorized();
  return response;
}

/** A JSON request; errors become ApiError with the daemon's code and message. */
export async function api(path, options) {
  const response = await send(path, options);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) {
    throw new ApiError(response.status, json?.error?.code, json?.error?.message || text);
  }
  return json;
}

export async function apiText(path) {
  const response = await send(path);
  if (!response.ok) throw new ApiError(response.status, null, await response.text());
  return response.text();
}

/** A stream URL: same origin, ws: for WebSockets, the token as a query parameter (streams cannot set headers). */
export function streamUrl(path, params = {}, websocket = false) {
  const url = new URL(path, location.href);
  if (websocket) url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  url.searchParams.set('token', token());
  return url.toString();
}

/** The connection indicator in the header: how many streams are live, reconnecting or down. */
const streams = new Map();
let streamIds = 0;
function showConnection() {
  const el = document.getElementById('conn');
  if (!el) return;
  const states = [...streams.values()];
  const down = states.filter((s) => s !== 'live').length;
  el.dataset.state = states.length === 0 ? 'idle' : down === 0 ? 'live' : 'reconnecting';
  el.textContent = states.length === 0 ? '' : down === 0 ? 'live' : 'reconnecting…';
}
export function trackStream(state) {
  const id = ++streamIds;
  streams.set(id, state);
  showConnection();
  return {
    set(next) { if (streams.has(id)) { streams.set(id, next); showConnection(); } },
    done() { streams.delete(id); showConnection(); },
  };
}

/**
 * A WebSocket that reconnects (1 s, 2 s, … up to 5 s). onOpen runs on every (re)connection, so a caller can
 * fetch what it missed; opened() tells whether it ever connected (a route that does not exist never does).
 */
export function liveSocket(path, params, { onMessage, onOpen, onNeverOpened }) {
  let socket;
  let closed = false;
  let everOpened = false;
  let delay = 1000;
  let timer;
  const status = trackStream('connecting');
  const connect = () => {
    socket = new WebSocket(streamUrl(path, params, true));
    socket.onopen = () => { everOpened = true; delay = 1000; status.set('live'); onOpen?.(); };
    socket.onmessage = (message) => onMessage(message.data);
    socket.onclose = () => {
      if (closed) return;
      status.set('reconnecting');
      if (!everOpened && onNeverOpened) {
        closed = true;
        status.done();
        onNeverOpened();
        return;
      }
      timer = setTimeout(async () => {
        // A refused token shows the explanation instead of reconnecting forever.
        try { await api('/api/v1/sessions?limit=1'); } catch (e) { if (e.status === 401) { closed = true; status.done(); return; } }
        if (!closed) connect();
      }, delay);
      delay = Math.min(delay * 2, 5000);
    };
  };
  connect();
  return {
    close() { closed = true; clearTimeout(timer); status.done(); socket?.close(1000); },
  };
}
