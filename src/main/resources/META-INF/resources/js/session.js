// One session: the timeline of tiers and steps, and its output, live (SSE), paged and rendered in a bounded window.
// A fleet session (another host's, from the broker) is the same page against the fleet's endpoints.
import { api, streamUrl, trackStream } from './api.js';
import { el, badge, formatTime, fullTime, formatDuration, parseTime, projectName } from './format.js';
import { local, explain } from './source.js';
import { Timeline } from './timeline.js';
import { OutputList } from './output.js';

const LIFECYCLE = ['zig_session_started', 'tier_started', 'step_started', 'step_completed', 'step_failed', 'step_skipped', 'zig_session_ended'];
const LIVE_TYPES = LIFECYCLE.filter((t) => t !== 'zig_session_started').concat('step_output').join(',');
const PAGE = 500;

export function sessionView(root, selector, source = local, host = null) {
  let disposed = false;
  let id = selector;
  let status = null;       // null while running
  let startedAt = null;
  let endedAt = null;
  let lastSeq = 0;         // the highest seq received: the resume point
  let events = null;       // the EventSource
  let retry = null;
  let delay = 1000;
  const stream = trackStream('connecting');
  const path = () => source.sessionPath(host, id);

  const title = el('h1', { class: 'session-title' }, 'Session');
  const statusSlot = el('span', { id: 'session-status' });
  const meta = el('dl', { class: 'meta' });
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const timeline = new Timeline((step) => output.setStep(step));
  const output = new OutputList({ onLoadEarlier: loadEarlier });

  root.replaceChildren(
    el('p', { class: 'crumbs' }, el('a', { href: source.listHref }, source.fleet ? '\u2190 Fleet' : '\u2190 Sessions')),
    el('div', { class: 'session-head' }, title, statusSlot),
    meta,
    source.fleet ? el('p', { class: 'muted read-only', id: 'read-only' }, `Read-only: this session is written by ${host}\u2019s own zigd; the fleet view reads it from the broker.`) : '',
    error,
    el('div', { class: 'session-body' },
      el('section', { class: 'timeline-pane', 'aria-labelledby': 'timeline-title' },
        el('h2', { id: 'timeline-title' }, 'Timeline'), timeline.element),
      el('section', { class: 'output-pane', 'aria-labelledby': 'output-title' },
        el('h2', { id: 'output-title' }, 'Output'), output.element)));

  function showHead(entry) {
    title.textContent = entry.workflow_name || 'Session';
    document.title = `${entry.workflow_name} \u00b7 zigd`;
    const ms = (t) => parseTime(t);
    const project = entry.workspace_path ?? entry.project; // a fleet entry is the index entry: its project only
    const duration = startedAt ? (endedAt ? ms(endedAt) : Date.now()) - ms(startedAt) : null;
    statusSlot.replaceChildren(badge(status || 'running'));
    meta.replaceChildren(...[
      source.fleet && el('div', {}, el('dt', {}, 'Host'), el('dd', { id: 'session-host' }, host)),
      el('div', {}, el('dt', {}, 'Id'), el('dd', { class: 'mono', id: 'session-id' }, id)),
      el('div', {}, el('dt', {}, 'Project'), el('dd', { title: project || '' }, projectName(project))),
      el('div', {}, el('dt', {}, 'Started'), el('dd', { title: fullTime(startedAt) }, formatTime(startedAt))),
      el('div', {}, el('dt', {}, 'Duration'), el('dd', { class: 'num', id: 'session-duration' }, formatDuration(duration)))].filter(Boolean));
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
      const head = await api(`${source.sessionPath(host, selector)}?last=1`);
      if (disposed) return;
      entry = head;
      id = head.zig_session_id;
      host = head.host ?? host;
      status = head.status;
      startedAt = head.started_at;
      endedAt = head.ended_at;
      const upTo = head.events?.[0]?.seq ?? 0;
      const before = upTo + 1;
      const [steps, lines] = await Promise.all([
        api(`${path()}?type=${LIFECYCLE.join(',')}&before_seq=${before}`),
        api(`${path()}?type=step_output&before_seq=${before}&last=${PAGE}`),
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
      error.textContent = e.status === 404 || e.status === 409 ? e.message : explain(e, 'the session');
      error.hidden = false;
      if (!(e.status === 404 || e.status === 409)) retry = setTimeout(load, 2000);
    }
  }

  async function loadEarlier(beforeSeq) {
    const page = await api(`${path()}?type=step_output&before_seq=${beforeSeq}&last=${PAGE}`);
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
    events = new EventSource(streamUrl(`${path()}/events/stream`, { after_seq: lastSeq, type: LIVE_TYPES }));
    events.onopen = () => { delay = 1000; stream.set('live'); error.hidden = true; };
    events.onmessage = (message) => receive(message.data);
    events.addEventListener('end', () => { events.close(); events = null; stream.done(); });
    events.onerror = () => {
      // Reconnect ourselves, from the last seq we hold (EventSource gives up on a 503 or a restart).
      events?.close();
      events = null;
      if (disposed || status) return;
      stream.set('reconnecting');
      retry = setTimeout(resume, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }

  async function resume() {
    try {
      const head = await api(`${path()}?last=1`); // a 401 shows the token page
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
      events?.close();
      stream.done();
      output.dispose();
    },
  };
}
