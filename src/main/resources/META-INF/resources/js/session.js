// One session: the timeline of tiers and steps, and its output, live (SSE), paged and rendered in a bounded window.
import { api, streamUrl, trackStream } from './api.js';
import { el, badge, formatTime, fullTime, formatDuration, parseTime, projectName } from './format.js';
import { Timeline } from './timeline.js';
import { OutputList } from './output.js';

const LIFECYCLE = ['zig_session_started', 'tier_started', 'step_started', 'step_completed', 'step_failed', 'step_skipped', 'zig_session_ended'];
const LIVE_TYPES = LIFECYCLE.filter((t) => t !== 'zig_session_started').concat('step_output').join(',');
const PAGE = 500;

export function sessionView(root, selector) {
  let disposed = false;
  let id = selector;
  let status = null;       // null while running
  let startedAt = null;
  let endedAt = null;
  let lastSeq = 0;         // the highest seq received: the resume point
  let source = null;
  let retry = null;
  let delay = 1000;
  const stream = trackStream('connecting');

  const title = el('h1', { class: 'session-title' }, 'Session');
  const statusSlot = el('span', { id: 'session-status' });
  const meta = el('dl', { class: 'meta' });
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const timeline = new Timeline((step) => output.setStep(step));
  const output = new OutputList({ onLoadEarlier: loadEarlier });

  root.replaceChildren(
    el('p', { class: 'crumbs' }, el('a', { href: '#/sessions' }, '\u2190 Sessions')),
    el('div', { class: 'session-head' }, title, statusSlot),
    meta, error,
    el('div', { class: 'session-body' },
      el('section', { class: 'timeline-pane', 'aria-labelledby': 'timeline-title' },
        el('h2', { id: 'timeline-title' }, 'Timeline'), timeline.element),
      el('section', { class: 'output-pane', 'aria-labelledby': 'output-title' },
        el('h2', { id: 'output-title' }, 'Output'), output.element)));

  function showHead(entry) {
    title.textContent = entry.workflow_name || 'Session';
    document.title = `${entry.workflow_name} \u00b7 zigd`;
    const ms = (t) => parseTime(t);
    const duration = startedAt ? (endedAt ? ms(endedAt) : Date.now()) - ms(startedAt) : null;
    statusSlot.replaceChildren(badge(status || 'running'));
    meta.replaceChildren(
      el('div', {}, el('dt', {}, 'Id'), el('dd', { class: 'mono', id: 'session-id' }, id)),
      el('div', {}, el('dt', {}, 'Project'), el('dd', { title: entry.workspace_path || '' }, projectName(entry.workspace_path))),
      el('div', {}, el('dt', {}, 'Started'), el('dd', { title: fullTime(startedAt) }, formatTime(startedAt))),
      el('div', {}, el('dt', {}, 'Duration'), el('dd', { class: 'num', id: 'session-duration' }, formatDuration(duration))));
  }

  let entry = null;
  function applyEvent(event) {
    timeline.add(event);
    if (event.type === 'zig_session_started') startedAt = startedAt || event.ts;
    if (event.type === 'zig_session_ended') {
      status = event.status;
      endedAt = event.ts;
      if (entry) showHead(entry);
    }
  }

  async function load() {
    try {
      // The newest seq first: everything up to it is read by request, everything after it comes by the stream.
      const head = await api(`/api/v1/sessions/${encodeURIComponent(selector)}?last=1`);
      if (disposed) return;
      entry = head;
      id = head.zig_session_id;
      status = head.status;
      startedAt = head.started_at;
      endedAt = head.ended_at;
      const upTo = head.events?.[0]?.seq ?? 0;
      const before = upTo + 1;
      const [steps, lines] = await Promise.all([
        api(`/api/v1/sessions/${encodeURIComponent(id)}?type=${LIFECYCLE.join(',')}&before_seq=${before}`),
        api(`/api/v1/sessions/${encodeURIComponent(id)}?type=step_output&before_seq=${before}&last=${PAGE}`),
      ]);
      if (disposed) return;
      steps.events.forEach(applyEvent);
      const outputs = lines.events;
      output.reset([...steps.events, ...outputs].sort((a, b) => a.seq - b.seq),
        outputs.length < PAGE ? 0 : outputs[0].seq);
      lastSeq = upTo;
      showHead(entry);
      connect();
    } catch (e) {
      if (e.status === 401) return;
      error.textContent = e.status === 404 || e.status === 409 ? e.message : `Could not load the session: ${e.message}`;
      error.hidden = false;
      if (!(e.status === 404 || e.status === 409)) retry = setTimeout(load, 2000);
    }
  }

  async function loadEarlier(beforeSeq) {
    const page = await api(`/api/v1/sessions/${encodeURIComponent(id)}?type=step_output&before_seq=${beforeSeq}&last=${PAGE}`);
    return { events: page.events, complete: page.events.length < PAGE };
  }

  function receive(data) {
    let event;
    try { event = JSON.parse(data); } catch { return; }
    if (event.seq <= lastSeq) return; // a resume never shows a line twice
    lastSeq = event.seq;
    if (event.type !== 'step_output') applyEvent(event);
    if (event.type !== 'heartbeat') output.append(event);
  }

  function connect() {
    if (disposed) return;
    source = new EventSource(streamUrl(`/api/v1/sessions/${encodeURIComponent(id)}/events/stream`, { after_seq: lastSeq, type: LIVE_TYPES }));
    source.onopen = () => { delay = 1000; stream.set('live'); error.hidden = true; };
    source.onmessage = (message) => receive(message.data);
    source.addEventListener('end', () => { source.close(); source = null; stream.done(); });
    source.onerror = () => {
      // Reconnect ourselves, from the last seq we hold (EventSource gives up on a 503 or a restart).
      source?.close();
      source = null;
      if (disposed || status) return;
      stream.set('reconnecting');
      retry = setTimeout(resume, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }

  async function resume() {
    try {
      const head = await api(`/api/v1/sessions/${encodeURIComponent(id)}?last=1`); // a 401 shows the token page
      if (disposed) return;
      if (head.status && (head.events?.[0]?.seq ?? 0) <= lastSeq) { status = head.status; endedAt = head.ended_at; showHead(entry); stream.done(); return; }
      connect();
    } catch (e) {
      if (e.status === 401 || disposed) return;
      retry = setTimeout(resume, delay);
      delay = Math.min(delay * 2, 5000);
    }
  }

  const ticker = setInterval(() => {
    if (status || !startedAt) return;
    const cell = document.getElementById('session-duration');
    if (cell) cell.textContent = formatDuration(Date.now() - parseTime(startedAt));
  }, 1000);

  load();
  return {
    dispose() {
      disposed = true;
      clearInterval(ticker);
      clearTimeout(retry);
      source?.close();
      stream.done();
      output.dispose();
    },
  };
}
