// Where the views read from: this daemon's own endpoints, or the fleet view's (/api/v1/fleet/..., docs/fleet.md).
// The sessions, session and processes views take one of these instead of knowing the paths themselves.
import { api } from './api.js';
import { el } from './format.js';

const enc = encodeURIComponent;

/** This machine's sessions and processes. A session is {id}; host is always null. */
export const local = {
  fleet: false,
  sessionsPath: '/api/v1/sessions',
  subscribePath: '/api/v1/subscribe',
  sessionPath: (host, selector) => `/api/v1/sessions/${enc(selector)}`,
  sessionHref: (host, id) => `#/session/${enc(id)}`,
  listHref: '#/sessions',
  processesPath: '/api/v1/processes',
  processesStreamPath: '/api/v1/processes/stream',
  key: (host, id) => id,
};

/** Every host's sessions and processes from the broker: the same shapes with "host" in each item; read-only. */
export const fleet = {
  fleet: true,
  sessionsPath: '/api/v1/fleet/sessions',
  subscribePath: '/api/v1/fleet/subscribe',
  sessionPath: (host, selector) => `/api/v1/fleet/sessions/${enc(host)}/${enc(selector)}`,
  sessionHref: (host, id) => `#/fleet/${enc(host)}/${enc(id)}`,
  listHref: '#/fleet',
  processesPath: '/api/v1/fleet/processes',
  processesStreamPath: null, // the fleet has no processes stream: the list is read every 2 s
  hostsPath: '/api/v1/fleet/hosts',
  key: (host, id) => `${host}/${id}`,
};

let fleetCheck = null;

/**
 * Whether this daemon has a fleet view: /api/v1/fleet/hosts answers 200 (loaded) or 503 (still connecting),
 * 404 when zigd.fleet.nats-url is not set. Asked once per page load.
 */
export function hasFleet() {
  fleetCheck ??= api(fleet.hostsPath).then(() => true, (e) => e.status === 503);
  return fleetCheck;
}

export function forgetFleetCheck() { fleetCheck = null; }

/** A fleet error said plainly: 503 while the view connects to the broker and reads the buckets. */
export function explain(e, what) {
  if (e.status === 503) return `The fleet view is not ready yet (connecting to the broker, reading the buckets): ${e.message}`;
  return `Could not load ${what}: ${e.message}`;
}

/** The fleet views' own tabs (sessions, processes) and the word that they are read-only. */
export function fleetTabs(current) {
  const tab = (name, href, label) => el('a', { href, class: 'tab', id: `fleet-tab-${name}`, 'aria-current': name === current ? 'page' : null }, label);
  return el('nav', { class: 'tabs', 'aria-label': 'Fleet' },
    tab('sessions', fleet.listHref, 'Sessions'), tab('processes', '#/fleet/processes', 'Processes'),
    el('span', { class: 'muted read-only' }, 'Every host\u2019s sessions and processes from the broker; read-only.'));
}
