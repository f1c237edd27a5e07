// The dashboard's entry: token from the fragment, the hash router, and the "needs the token" page.
import { takeTokenFromFragment, hasToken, forgetToken, api } from './api.js';
import { el } from './format.js';
import { sessionsView } from './sessions.js';
import { sessionView } from './session.js';
import { processesView } from './processes.js';
import { daemonView } from './daemon.js';
import { fleet, hasFleet, forgetFleetCheck } from './source.js';

const main = document.getElementById('main');
let current = null; // the mounted view: { dispose() }
let refused = false;

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name, ...rest] = hash.split('/');
  if (name === 'session' && rest[0]) return { view: 'session', id: decodeURIComponent(rest[0]) };
  // #/fleet, #/fleet/processes, #/fleet/<host>/<id> (a host name never has a slash; the fleet's views are read-only).
  if (name === 'fleet' && rest.length >= 2 && rest[1]) {
    return { view: 'fleet-session', host: decodeURIComponent(rest[0]), id: decodeURIComponent(rest[1]) };
  }
  if (name === 'fleet') return { view: rest[0] === 'processes' ? 'fleet-processes' : 'fleet' };
  if (name === 'processes') return { view: 'processes' };
  if (name === 'daemon') return { view: 'daemon' };
  return { view: 'sessions' };
}

function mount() {
  current?.dispose?.();
  current = null;
  main.replaceChildren();
  if (refused || !hasToken()) {
    showNeedsToken(refused);
    return;
  }
  const r = route();
  for (const link of document.querySelectorAll('header nav a')) {
    const active = link.dataset.view === r.view.replace(/^session$/, 'sessions').replace(/^fleet-.*/, 'fleet');
    if (active) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  document.body.dataset.view = r.view;
  if (r.view === 'session') current = sessionView(main, r.id);
  else if (r.view === 'fleet') current = sessionsView(main, fleet);
  else if (r.view === 'fleet-session') current = sessionView(main, r.id, fleet, r.host);
  else if (r.view === 'fleet-processes') current = processesView(main, fleet);
  else if (r.view === 'processes') current = processesView(main);
  else if (r.view === 'daemon') current = daemonView(main);
  else current = sessionsView(main);
}

function showNeedsToken(wrong) {
  document.body.dataset.view = 'auth';
  for (const link of document.querySelectorAll('header nav a')) link.removeAttribute('aria-current');
  const port = location.port ? `:${location.port}` : '';
  main.replaceChildren(el('section', { id: 'auth', class: 'auth' },
    el('h1', {}, wrong ? 'The daemon refused this tab\u2019s token' : 'This dashboard needs the daemon\u2019s token'),
    el('p', {}, wrong
      ? 'The token this tab holds is wrong, or the daemon now has another one (its token file was replaced).'
      : 'zigd only answers requests that carry its token, and this tab has none.'),
    el('p', {}, 'Open the dashboard through the link that carries the token:'),
    el('ul', {},
      el('li', {}, 'run ', el('code', {}, 'zigd open'), ', which opens (and prints) the link, or'),
      el('li', {}, 'copy the ', el('code', {}, `dashboard: http://127.0.0.1${port}/#token=\u2026`),
        ' line the daemon logs when it starts, or'),
      el('li', {}, 'add the content of ', el('code', {}, '~/.zig/zigd.token'), ' yourself: ',
        el('code', {}, `${location.origin}/#token=<token>`), '.')),
    el('p', { class: 'muted' }, 'The token stays in this tab only (sessionStorage) and is removed from the address bar.')));
  main.focus();
}

window.addEventListener('zigd:unauthorized', () => {
  if (refused) return;
  refused = true;
  forgetToken();
  mount();
});

window.addEventListener('hashchange', () => {
  if (takeTokenFromFragment()) { refused = false; forgetFleetCheck(); offerFleet(true); }
  mount();
});

// Keyboard: g s / g p / g d (and g f / g F with a fleet view) switch views, "/" focuses the search box of the view.
let pendingG = false;
document.addEventListener('keydown', (event) => {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
  if (event.key === '/') {
    const search = main.querySelector('input[type=search]');
    if (search) { event.preventDefault(); search.focus(); }
    return;
  }
  if (pendingG) {
    pendingG = false;
    const to = { s: '#/sessions', p: '#/processes', d: '#/daemon', ...(fleetLink.hidden ? {} : { f: '#/fleet', F: '#/fleet/processes' }) }[event.key];
    if (to) { location.hash = to; event.preventDefault(); }
    return;
  }
  if (event.key === 'g') pendingG = true;
});

/**
 * The Fleet entry only where the daemon has a fleet view. A daemon that is only a fleet view (nothing of its own)
 * opens on the fleet instead of an empty sessions list (only when the page opens, not when sessions is chosen).
 */
const fleetLink = document.getElementById('nav-fleet');
async function offerFleet(landing) {
  if (!hasToken()) return;
  const yes = await hasFleet();
  fleetLink.hidden = !yes;
  document.body.dataset.fleet = yes ? 'on' : 'off'; // when the check has answered (the tests wait for it)
  if (!yes) return;
  if (!landing || route().view !== 'sessions') return;
  try {
    const own = await api('/api/v1/sessions?limit=1');
    if (own.length === 0 && route().view === 'sessions') location.hash = '#/fleet';
  } catch { /* the sessions view says what is wrong */ }
}

takeTokenFromFragment();
offerFleet(true);
if (hasToken()) {
  // One check up front, so a wrong token gets the explanation even on a view that only streams.
  api('/api/v1/sessions?limit=1').catch(() => { /* 401 is handled by the event; the views show other errors */ });
}
mount();
