// Processes: zag's process store with live status; stop (SIGHUP) and kill (SIGTERM) after a confirmation.
// The fleet's processes (every host's, from the broker) are the same list with a HOST column and no actions.
import { api, liveSocket } from './api.js';
import { el, badge, formatDuration, formatTime, fullTime, parseTime, shortId, confirmAction } from './format.js';
import { local, explain, fleetTabs } from './source.js';

const POLL_MS = 2000;

export function processesView(root, source = local) {
  const processes = new Map(); // key (id, or host/id) -> entry with live_status
  const keyOf = (p) => source.key(p.host, p.id);
  let disposed = false;
  let poller = null;
  let socket = null;
  let queued = false;
  const runningOnly = el('input', { type: 'checkbox', id: 'running-only' });
  const sourceNote = el('span', { class: 'muted', id: 'processes-source' });
  const body = el('tbody', { id: 'processes-body' });
  const notice = el('p', { class: 'notice', role: 'status', 'aria-live': 'polite', id: 'processes-notice' });
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const hostSelect = source.fleet ? el('select', { id: 'processes-host', 'aria-label': 'Host' }) : null;
  runningOnly.addEventListener('change', () => render());
  hostSelect?.addEventListener('change', () => render());
  const headings = source.fleet
    ? ['Status', 'Host', 'Provider', 'Model', 'Command', 'Prompt', 'Age', 'Pid', 'Session']
    : ['Status', 'Provider', 'Model', 'Command', 'Prompt', 'Age', 'Pid', 'Session', 'Actions'];

  root.replaceChildren(...[
    source.fleet && fleetTabs('processes'),
    el('h1', {}, source.fleet ? 'Fleet processes' : 'Processes'),
    source.fleet && el('p', { class: 'muted read-only', id: 'processes-read-only' },
      'Read-only: a process is stopped or killed only from its own host\u2019s zigd (its dashboard or zigd CLI).'),
    el('div', { class: 'toolbar' }, el('label', { class: 'check' }, runningOnly, ' running only'),
      hostSelect && el('label', {}, 'Host ', hostSelect), sourceNote),
    notice, error,
    el('div', { class: 'table-wrap' },
      el('table', { class: 'processes' },
        el('thead', {}, el('tr', {},
          headings.map((h) => el('th', { scope: 'col', class: `col-${h.toLowerCase()}` }, h)))),
        body))].filter(Boolean));

  function queue() {
    if (queued || disposed) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; render(); });
  }

  function replaceAll(list) {
    processes.clear();
    for (const p of list) processes.set(keyOf(p), p);
    queue();
  }

  async function refresh() {
    try {
      replaceAll(await api(source.processesPath));
      error.hidden = true;
    } catch (e) {
      if (e.status === 401) return;
      error.textContent = source.fleet ? explain(e, 'the fleet\u2019s processes') : `Could not read the process store: ${e.message}`;
      error.hidden = false;
    }
  }

  function startPolling() {
    sourceNote.textContent = `refreshed every ${POLL_MS / 1000} s`;
    refresh();
    poller = setInterval(refresh, POLL_MS);
  }

  /** The processes stream (snapshot, then changes) when this daemon has it; a periodic refresh when not. */
  function onStreamMessage(data) {
    let message;
    try { message = JSON.parse(data); } catch { return; }
    const snapshot = Array.isArray(message) ? message : message.snapshot ?? message.processes;
    if (Array.isArray(snapshot)) { replaceAll(snapshot); return; }
    const p = message.process;
    if (!p || !p.id) return;
    if (message.change === 'removed') processes.delete(p.id);
    else if (message.change === 'died') processes.set(p.id, { ...processes.get(p.id), ...p, live_status: p.live_status ?? 'dead' });
    else processes.set(p.id, p);
    queue();
  }

  if (source.processesStreamPath) {
    socket = liveSocket(source.processesStreamPath, {}, {
      onMessage: onStreamMessage,
      onOpen: () => { sourceNote.textContent = 'live'; },
      onNeverOpened: () => { if (!disposed) startPolling(); },
    });
  } else {
    startPolling();
  }

  async function act(p, action) {
    const verb = action === 'kill' ? 'Kill' : 'Stop';
    const what = `${p.provider} ${p.model} (${p.command}, pid ${p.pid})`;
    const text = action === 'kill'
      ? `Kill ${what}? zigd sends SIGTERM and marks it killed.`
      : `Stop ${what}? zigd sends SIGHUP, asking the agent to wind down.`;
    if (!(await confirmAction(`${verb} process`, text, verb))) return;
    try {
      const updated = await api(`/api/v1/processes/${encodeURIComponent(p.id)}/${action}`, { method: 'POST', body: {} });
      processes.set(updated.id, updated);
      notice.textContent = `${action === 'kill' ? 'Killed' : 'Stopped'} ${what}.`;
      queue();
      if (poller) refresh();
    } catch (e) {
      if (e.status === 401) return;
      notice.textContent = `${verb} failed: ${e.message}`;
    }
  }

  let shownState = null;
  function render() {
    if (disposed) return;
    const now = Date.now();
    // A refresh that changed nothing leaves the rows (and the keyboard focus) alone; ages tick by themselves.
    if (hostSelect) fillHosts();
    const state = JSON.stringify([runningOnly.checked, hostSelect?.value, [...processes.values()]]);
    if (state === shownState) return;
    shownState = state;
    const list = [...processes.values()]
      .filter((p) => !runningOnly.checked || p.live_status === 'running')
      .filter((p) => !hostSelect?.value || p.host === hostSelect.value)
      .sort((a, b) => (parseTime(b.started_at) ?? 0) - (parseTime(a.started_at) ?? 0) || (a.id < b.id ? 1 : -1));
    const active = document.activeElement;
    const focused = active?.dataset?.action ? `${active.dataset.action}:${active.dataset.id}` : null;
    body.replaceChildren(...list.map((p) => {
      const running = p.live_status === 'running';
      const started = parseTime(p.started_at);
      const ended = parseTime(p.exited_at);
      const dataset = { id: p.id, status: p.live_status };
      if (source.fleet) dataset.host = p.host;
      return el('tr', { dataset },
        el('td', {}, badge(p.live_status || p.status)),
        source.fleet && el('td', { class: 'host' }, p.host),
        el('td', {}, p.provider),
        el('td', { class: 'col-model' }, p.model),
        el('td', {}, p.command),
        el('td', { class: 'prompt col-prompt', title: p.prompt || '' }, p.prompt || ''),
        el('td', { class: `num age${running ? ' ticking' : ''}`, title: fullTime(p.started_at), dataset: { started: started ?? '' } },
          started === null ? '' : formatDuration((running || ended === null ? now : ended) - started)),
        el('td', { class: 'num mono col-pid' }, p.pid),
        el('td', { class: 'mono col-session', title: p.session_id || '' }, p.session_id ? shortId(p.session_id) : '\u2014'),
        !source.fleet && el('td', { class: 'actions' }, running ? [
          el('button', { type: 'button', class: 'stop', dataset: { action: 'stop', id: p.id }, onclick: () => act(p, 'stop') }, 'Stop'),
          el('button', { type: 'button', class: 'danger kill', dataset: { action: 'kill', id: p.id }, onclick: () => act(p, 'kill') }, 'Kill'),
        ] : el('span', { class: 'muted' }, p.exited_at ? formatTime(p.exited_at) : '')));
    }));
    if (list.length === 0) body.append(el('tr', {}, el('td', { colspan: headings.length, class: 'muted empty' }, 'No processes.')));
    if (focused) body.querySelector(`[data-action="${focused.split(':')[0]}"][data-id="${focused.split(':')[1]}"]`)?.focus();
  }

  /** The host filter's choices: every host with a process, and the one chosen even while it has none. */
  function fillHosts() {
    const chosen = hostSelect.value;
    const wanted = ['', ...new Set([...processes.values()].map((p) => p.host).concat(chosen ? [chosen] : []))].sort();
    const have = [...hostSelect.options].map((o) => o.value);
    if (wanted.length === have.length && wanted.every((v, i) => v === have[i])) return;
    hostSelect.replaceChildren(...wanted.map((h) => el('option', { value: h }, h || 'any host')));
    hostSelect.value = chosen;
  }

  const ticker = setInterval(() => {
    const now = Date.now();
    for (const cell of body.querySelectorAll('td.age.ticking')) {
      cell.textContent = formatDuration(now - Number(cell.dataset.started));
    }
  }, 1000);

  render();
  return {
    dispose() { disposed = true; clearInterval(ticker); clearInterval(poller); socket?.close(); },
  };
}
