// Sessions: the global index, kept live by /api/v1/subscribe (new sessions appear, ends change the badge).
import { api, liveSocket } from './api.js';
import { el, badge, formatTime, fullTime, formatDuration, parseTime, projectName, shortId } from './format.js';

const LIFECYCLE = 'zig_session_started,zig_session_ended,heartbeat,tier_started,step_started,step_completed,step_failed,step_skipped';
const MAX_ROWS = 500;
const filters = { project: '', workflow: '', status: '', search: '' }; // kept while the tab lives

/** Running, but silent for three heartbeat periods (at least a minute): its owner may be gone. */
function statusOf(session, now) {
  if (session.status) return session.status;
  const staleAfter = Math.max(60_000, 3 * (session.intervalSecs || 10) * 1000);
  return session.lastSeen !== null && now - session.lastSeen > staleAfter ? 'stale' : 'running';
}

export function sessionsView(root) {
  const sessions = new Map(); // id -> {id, workflow, project, startedAt, endedAt, status, lastSeen, intervalSecs}
  let disposed = false;
  let renderQueued = false;

  const search = el('input', { type: 'search', id: 'search', placeholder: 'id prefix', 'aria-label': 'Search by session id prefix', value: filters.search, autocomplete: 'off' });
  const projectSelect = el('select', { id: 'filter-project', 'aria-label': 'Project' });
  const workflowSelect = el('select', { id: 'filter-workflow', 'aria-label': 'Workflow' });
  const statusSelect = el('select', { id: 'filter-status', 'aria-label': 'Status' },
    ['', 'running', 'success', 'failure', 'stale'].map((s) => el('option', { value: s }, s || 'any status')));
  statusSelect.value = filters.status;
  const body = el('tbody', { id: 'sessions-body' });
  const summary = el('p', { class: 'muted summary', 'aria-live': 'polite' });
  const error = el('p', { class: 'error', role: 'alert', hidden: true });

  root.replaceChildren(
    el('h1', {}, 'Sessions'),
    el('div', { class: 'toolbar', role: 'search' },
      el('label', {}, 'Search ', search),
      el('label', {}, 'Project ', projectSelect),
      el('label', {}, 'Workflow ', workflowSelect),
      el('label', {}, 'Status ', statusSelect)),
    error,
    el('div', { class: 'table-wrap' },
      el('table', { class: 'sessions' },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, 'Status'), el('th', { scope: 'col' }, 'Workflow'),
          el('th', { scope: 'col', class: 'col-project' }, 'Project'), el('th', { scope: 'col' }, 'Id'),
          el('th', { scope: 'col', class: 'col-started' }, 'Started'), el('th', { scope: 'col', class: 'num' }, 'Duration'))),
        body)),
    summary);

  for (const [input, key] of [[search, 'search'], [projectSelect, 'project'], [workflowSelect, 'workflow'], [statusSelect, 'status']]) {
    input.addEventListener('input', () => { filters[key] = input.value.trim(); render(); });
  }

  function fromEntry(entry) {
    const known = sessions.get(entry.zig_session_id);
    sessions.set(entry.zig_session_id, {
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
    let session = sessions.get(id);
    if (event.type === 'zig_session_started' || !session) {
      session = {
        id, workflow: event.workflow_name ?? session?.workflow ?? '?', project: event.workspace_path ?? session?.project ?? '',
        startedAt: event.type === 'zig_session_started' ? event.ts : session?.startedAt ?? event.ts,
        endedAt: null, status: null, lastSeen: null, intervalSecs: null, ...session,
      };
      if (event.type !== 'zig_session_started' && !sessions.has(id)) refreshOne(id);
      sessions.set(id, session);
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
  async function refreshOne(id) {
    try {
      const entry = await api(`/api/v1/sessions/${encodeURIComponent(id)}?last=1`);
      const last = entry.events?.[0];
      const known = sessions.get(id);
      fromEntry(entry);
      const session = sessions.get(id);
      if (!session.project && entry.workspace_path) session.project = entry.workspace_path;
      session.lastSeen = known?.lastSeen ?? (last ? parseTime(last.ts) : null);
      queueRender();
    } catch { /* gone again: nothing to show */ }
  }

  async function load() {
    try {
      const entries = await api('/api/v1/sessions?limit=2000');
      if (disposed) return;
      entries.forEach(fromEntry);
      error.hidden = true;
      queueRender();
      // When did a running session last write? (Stale detection for sessions started before this page.)
      const running = entries.filter((e) => !e.status).slice(0, 50);
      await Promise.all(running.map(async (e) => {
        const s = sessions.get(e.zig_session_id);
        if (s.lastSeen !== null) return;
        try {
          const page = await api(`/api/v1/sessions/${encodeURIComponent(e.zig_session_id)}?last=1`);
          const last = page.events?.[0];
          if (last && s.lastSeen === null) s.lastSeen = parseTime(last.ts);
          if (last?.type === 'heartbeat') s.intervalSecs = last.interval_secs;
        } catch { /* leave it as running */ }
      }));
      queueRender();
    } catch (e) {
      if (e.status === 401) return;
      error.textContent = `Could not load the sessions: ${e.message}`;
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
    fillSelect(projectSelect, new Set(all.map((s) => s.project).filter(Boolean)), 'any project', filters.project);
    fillSelect(workflowSelect, new Set(all.map((s) => s.workflow).filter(Boolean)), 'any workflow', filters.workflow);
    const shown = all
      .filter((s) => !filters.project || s.project === filters.project)
      .filter((s) => !filters.workflow || s.workflow === filters.workflow)
      .filter((s) => !filters.status || statusOf(s, now) === filters.status)
      .filter((s) => !filters.search || s.id.startsWith(filters.search.toLowerCase()))
      .sort((a, b) => (parseTime(b.startedAt) ?? 0) - (parseTime(a.startedAt) ?? 0));
    const rows = shown.slice(0, MAX_ROWS).map((s) => rowFor(s, now));
    body.replaceChildren(...rows);
    if (rows.length === 0) {
      body.append(el('tr', {}, el('td', { colspan: 6, class: 'muted empty' },
        all.length === 0 ? 'No sessions yet. They appear here as soon as they start.' : 'No session matches these filters.')));
    }
    summary.textContent = `${shown.length} of ${all.length} sessions${shown.length > MAX_ROWS ? ` (the newest ${MAX_ROWS} shown)` : ''}`;
  }

  function durationOf(s, now) {
    const start = parseTime(s.startedAt);
    if (start === null) return null;
    const end = s.endedAt ? parseTime(s.endedAt) : now;
    return end - start;
  }

  function rowFor(s, now) {
    const status = statusOf(s, now);
    const href = `#/session/${encodeURIComponent(s.id)}`;
    return el('tr', { dataset: { id: s.id, status }, class: 'row-link' },
      el('td', {}, badge(status)),
      el('td', { class: 'workflow' }, el('a', { href, class: 'session-link' }, s.workflow || '?')),
      el('td', { class: 'col-project', title: s.project }, projectName(s.project)),
      el('td', { class: 'mono', title: s.id }, shortId(s.id)),
      el('td', { class: 'col-started', title: fullTime(s.startedAt) }, formatTime(s.startedAt)),
      el('td', { class: `num duration${s.status ? '' : ' ticking'}` }, formatDuration(durationOf(s, now))));
  }

  // The whole row opens the session (the workflow link is the keyboard's way in).
  body.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (row && !event.target.closest('a')) location.hash = `#/session/${encodeURIComponent(row.dataset.id)}`;
  });

  // Ticking durations and stale detection: only the running rows' cells change.
  const ticker = setInterval(() => {
    const now = Date.now();
    for (const row of body.querySelectorAll('tr[data-id]')) {
      const s = sessions.get(row.dataset.id);
      if (!s || s.status) continue;
      row.querySelector('.duration').textContent = formatDuration(durationOf(s, now));
      if (statusOf(s, now) !== row.dataset.status) queueRender();
    }
  }, 1000);

  // The subscription first, then the list: a session that starts in between is in one or the other (or both).
  const socket = liveSocket('/api/v1/subscribe', { type: LIFECYCLE }, {
    onMessage: onEvent,
    onOpen: load, // on every reconnect too: sessions that started or ended while we were away
  });
  render();

  return {
    dispose() { disposed = true; clearInterval(ticker); socket.close(); },
  };
}
