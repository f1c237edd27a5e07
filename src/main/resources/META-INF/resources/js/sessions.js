// Sessions: the global index, kept live by /api/v1/subscribe (new sessions appear, ends change the badge).
// The same view lists the fleet (every host's sessions, with a HOST column and filter) when given the fleet source.
import { api, liveSocket } from './api.js';
import { el, badge, formatTime, fullTime, formatDuration, parseTime, projectName, shortId } from './format.js';
import { local, hasFleet, explain, fleetTabs } from './source.js';

const LIFECYCLE = 'zig_session_started,zig_session_ended,heartbeat,tier_started,step_started,step_completed,step_failed,step_skipped';
const MAX_ROWS = 500;
const filtersOf = { local: {}, fleet: {} }; // kept while the tab lives

/** Running, but silent for three heartbeat periods (at least a minute): its owner may be gone. */
function statusOf(session, now) {
  if (session.status) return session.status;
  const staleAfter = Math.max(60_000, 3 * (session.intervalSecs || 10) * 1000);
  return session.lastSeen !== null && now - session.lastSeen > staleAfter ? 'stale' : 'running';
}

export function sessionsView(root, source = local) {
  const sessions = new Map(); // key (id, or host/id) -> {host, id, workflow, project, startedAt, endedAt, status, lastSeen, intervalSecs}
  const filters = filtersOf[source.fleet ? 'fleet' : 'local'];
  for (const key of ['host', 'project', 'workflow', 'status', 'search']) filters[key] ??= '';
  let disposed = false;
  let renderQueued = false;
  let emptyHint = 'No sessions yet. They appear here as soon as they start.';
  const columns = source.fleet ? 7 : 6;

  const search = el('input', { type: 'search', id: 'search', placeholder: 'id prefix', 'aria-label': 'Search by session id prefix', value: filters.search, autocomplete: 'off' });
  const hostSelect = source.fleet ? el('select', { id: 'filter-host', 'aria-label': 'Host' }) : null;
  const projectSelect = el('select', { id: 'filter-project', 'aria-label': 'Project' });
  const workflowSelect = el('select', { id: 'filter-workflow', 'aria-label': 'Workflow' });
  const statusSelect = el('select', { id: 'filter-status', 'aria-label': 'Status' },
    ['', 'running', 'success', 'failure', 'stale'].map((s) => el('option', { value: s }, s || 'any status')));
  statusSelect.value = filters.status;
  const body = el('tbody', { id: 'sessions-body' });
  const summary = el('p', { class: 'muted summary', 'aria-live': 'polite' });
  const error = el('p', { class: 'error', role: 'alert', hidden: true });

  root.replaceChildren(...[
    source.fleet && fleetTabs('sessions'),
    el('h1', {}, source.fleet ? 'Fleet sessions' : 'Sessions'),
    el('div', { class: 'toolbar', role: 'search' },
      el('label', {}, 'Search ', search),
      hostSelect && el('label', {}, 'Host ', hostSelect),
      el('label', {}, 'Project ', projectSelect),
      el('label', {}, 'Workflow ', workflowSelect),
      el('label', {}, 'Status ', statusSelect)),
    error,
    el('div', { class: 'table-wrap' },
      el('table', { class: 'sessions' },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, 'Status'), source.fleet && el('th', { scope: 'col' }, 'Host'), el('th', { scope: 'col' }, 'Workflow'),
          el('th', { scope: 'col', class: 'col-project' }, 'Project'), el('th', { scope: 'col' }, 'Id'),
          el('th', { scope: 'col', class: 'col-started' }, 'Started'), el('th', { scope: 'col', class: 'num' }, 'Duration'))),
        body)),
    summary].filter(Boolean));

  for (const [input, key] of [[search, 'search'], [hostSelect, 'host'], [projectSelect, 'project'], [workflowSelect, 'workflow'], [statusSelect, 'status']]) {
    // A select reports a choice by 'change' in every browser, by 'input' in most. (Not 'change' on the search box:
    // it fires on blur, and re-rendering then would swallow the click that moved the focus.)
    const types = input instanceof HTMLSelectElement ? ['input', 'change'] : ['input'];
    for (const type of types) input?.addEventListener(type, () => { filters[key] = input.value.trim(); render(); });
  }

  function fromEntry(entry) {
    const key = source.key(entry.host, entry.zig_session_id);
    const known = sessions.get(key);
    sessions.set(key, {
      key,
      host: entry.host ?? null,
      id: entry.zig_session_id,
      workflow: entry.workflow_name,
      project: entry.project ?? entry.workspace_path ?? '',
      startedAt: entry.started_at,
      // An end seen live wins over a list read before it.
      endedAt: entry.ended_at ?? known?.endedAt ?? null,
      status: entry.status ?? known?.status ?? null,
      lastSeen: known?.lastSeen ?? null,
      intervalSecs: known?.intervalSecs ?? null,
    });
  }

  function onEvent(line) {
    let event;
    try { event = JSON.parse(line); } catch { return; }
    const id = event.zig_session_id;
    const host = event.host ?? null; // the fleet's frames carry their host first
    const key = source.key(host, id);
    let session = sessions.get(key);
    if (event.type === 'zig_session_started' || !session) {
      session = {
        key, host, id, workflow: event.workflow_name ?? session?.workflow ?? '?', project: event.workspace_path ?? session?.project ?? '',
        startedAt: event.type === 'zig_session_started' ? event.ts : session?.startedAt ?? event.ts,
        endedAt: null, status: null, lastSeen: null, intervalSecs: null, ...session,
      };
      if (event.type !== 'zig_session_started' && !sessions.has(key)) refreshOne(host, id);
      sessions.set(key, session);
    }
    session.lastSeen = Date.now();
    if (event.type === 'heartbeat') session.intervalSecs = event.interval_secs;
    if (event.type === 'zig_session_ended') {
      session.status = event.status;
      session.endedAt = event.ts;
    }
    queueRender();
  }

  /** A session first seen by one of its later events (started before we subscribed): read its entry. */
  async function refreshOne(host, id) {
    try {
      const entry = await api(`${source.sessionPath(host, id)}?last=1`);
      const last = entry.events?.[0];
      const key = source.key(host, id);
      const known = sessions.get(key);
      fromEntry(entry);
      const session = sessions.get(key);
      if (!session.project && entry.workspace_path) session.project = entry.workspace_path;
      session.lastSeen = known?.lastSeen ?? (last ? parseTime(last.ts) : null);
      queueRender();
    } catch { /* gone again: nothing to show */ }
  }

  async function load() {
    try {
      const entries = await api(`${source.sessionsPath}?limit=2000`);
      if (disposed) return;
      entries.forEach(fromEntry);
      error.hidden = true;
      queueRender();
      // When did a running session last write? (Stale detection for sessions started before this page.) The fleet
      // reads a session from the broker from its start, so there the clock starts now: silent from now on is stale.
      const running = entries.filter((e) => !e.status);
      if (source.fleet) {
        const now = Date.now();
        for (const e of running) sessions.get(source.key(e.host, e.zig_session_id)).lastSeen ??= now;
        return;
      }
      await Promise.all(running.slice(0, 50).map(async (e) => {
        const s = sessions.get(source.key(e.host, e.zig_session_id));
        if (s.lastSeen !== null) return;
        try {
          const page = await api(`${source.sessionPath(e.host, e.zig_session_id)}?last=1`);
          const last = page.events?.[0];
          if (last && s.lastSeen === null) s.lastSeen = parseTime(last.ts);
          if (last?.type === 'heartbeat') s.intervalSecs = last.interval_secs;
        } catch { /* leave it as running */ }
      }));
      queueRender();
    } catch (e) {
      if (e.status === 401) return;
      error.textContent = explain(e, 'the sessions');
      error.hidden = false;
    }
  }

  function queueRender() {
    if (renderQueued || disposed) return;
    renderQueued = true;
    requestAnimationFrame(() => { renderQueued = false; render(); });
  }

  function fillSelect(select, values, label, selected) {
    const wanted = ['', ...[...values].sort()];
    const have = [...select.options].map((o) => o.value);
    if (wanted.length === have.length && wanted.every((v, i) => v === have[i])) return;
    select.replaceChildren(...wanted.map((v) => el('option', { value: v }, v ? (select === projectSelect ? projectName(v) : v) : label)));
    select.value = wanted.includes(selected) ? selected : '';
  }

  function render() {
    if (disposed) return;
    const now = Date.now();
    const all = [...sessions.values()];
    if (hostSelect) fillSelect(hostSelect, new Set(all.map((s) => s.host).filter(Boolean)), 'any host', filters.host);
    fillSelect(projectSelect, new Set(all.map((s) => s.project).filter(Boolean)), 'any project', filters.project);
    fillSelect(workflowSelect, new Set(all.map((s) => s.workflow).filter(Boolean)), 'any workflow', filters.workflow);
    const shown = all
      .filter((s) => !hostSelect || !filters.host || s.host === filters.host)
      .filter((s) => !filters.project || s.project === filters.project)
      .filter((s) => !filters.workflow || s.workflow === filters.workflow)
      .filter((s) => !filters.status || statusOf(s, now) === filters.status)
      .filter((s) => !filters.search || s.id.startsWith(filters.search.toLowerCase()))
      .sort((a, b) => (parseTime(b.startedAt) ?? 0) - (parseTime(a.startedAt) ?? 0));
    const rows = shown.slice(0, MAX_ROWS).map((s) => rowFor(s, now));
    body.replaceChildren(...rows);
    if (rows.length === 0) {
      body.append(el('tr', {}, el('td', { colspan: columns, class: 'muted empty' },
        all.length === 0 ? emptyHint : 'No session matches these filters.')));
    }
    const hosts = source.fleet ? ` from ${new Set(all.map((s) => s.host)).size} hosts` : '';
    summary.textContent = `${shown.length} of ${all.length} sessions${hosts}${shown.length > MAX_ROWS ? ` (the newest ${MAX_ROWS} shown)` : ''}`;
  }

  function durationOf(s, now) {
    const start = parseTime(s.startedAt);
    if (start === null) return null;
    const end = s.endedAt ? parseTime(s.endedAt) : now;
    return end - start;
  }

  function rowFor(s, now) {
    const status = statusOf(s, now);
    const href = source.sessionHref(s.host, s.id);
    const dataset = { key: s.key, id: s.id, status, href };
    if (s.host) dataset.host = s.host;
    return el('tr', { dataset, class: 'row-link' },
      el('td', {}, badge(status)),
      source.fleet && el('td', { class: 'host' }, s.host),
      el('td', { class: 'workflow' }, el('a', { href, class: 'session-link' }, s.workflow || '?')),
      el('td', { class: 'col-project', title: s.project }, projectName(s.project)),
      el('td', { class: 'mono', title: s.id }, shortId(s.id)),
      el('td', { class: 'col-started', title: fullTime(s.startedAt) }, formatTime(s.startedAt)),
      el('td', { class: `num duration${s.status ? '' : ' ticking'}` }, formatDuration(durationOf(s, now))));
  }

  // The whole row opens the session (the workflow link is the keyboard's way in).
  body.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (row && !event.target.closest('a')) location.hash = row.dataset.href;
  });

  // Ticking durations and stale detection: only the running rows' cells change.
  const ticker = setInterval(() => {
    const now = Date.now();
    for (const row of body.querySelectorAll('tr[data-id]')) {
      const s = sessions.get(row.dataset.key);
      if (!s || s.status) continue;
      row.querySelector('.duration').textContent = formatDuration(durationOf(s, now));
      if (statusOf(s, now) !== row.dataset.status) queueRender();
    }
  }, 1000);

  // The subscription first, then the list: a session that starts in between is in one or the other (or both).
  const socket = liveSocket(source.subscribePath, { type: LIFECYCLE }, {
    onMessage: onEvent,
    onOpen: load, // on every reconnect too: sessions that started or ended while we were away
  });
  render();
  if (!source.fleet) {
    hasFleet().then((yes) => {
      if (!yes) return;
      emptyHint = 'No sessions on this machine yet. Every host\u2019s sessions are under Fleet (g f).';
      queueRender();
    });
  }

  return {
    dispose() { disposed = true; clearInterval(ticker); socket.close(); },
  };
}
