// A session's output as a virtual list: every loaded event is kept, only the rows on screen (plus a margin) are in
// the DOM, each row one fixed line height, so 100,000 lines scroll as smoothly as 100 and nothing jumps as lines arrive.
import { el, formatTime, formatDuration } from './format.js';

const LINE = 20;      // px, matches .line in app.css
const MARGIN = 30;    // rows rendered above and below the visible ones

export class OutputList {
  constructor({ onLoadEarlier }) {
    this.onLoadEarlier = onLoadEarlier;
    this.all = [];          // loaded events, by seq
    this.visible = [];      // those that pass the filters and lie in the loaded window
    this.windowStart = 0;   // the seq of the earliest loaded output line (0: everything is loaded)
    this.step = '';
    this.types = { stdout: true, stderr: true, events: true };
    this.follow = true;
    this.programmaticScroll = false;
    this.queued = false;

    this.stepSelect = el('select', { id: 'output-step', 'aria-label': 'Step' }, el('option', { value: '' }, 'all steps'));
    this.stepSelect.addEventListener('input', () => this.setStep(this.stepSelect.value));
    const typeBox = (key, label) => {
      const box = el('input', { type: 'checkbox', id: `show-${key}`, checked: true });
      box.addEventListener('change', () => { this.types[key] = box.checked; this.refilter(); });
      return el('label', { class: `check check-${key}` }, box, ` ${label}`);
    };
    this.followButton = el('button', { type: 'button', id: 'follow', 'aria-pressed': 'true', title: 'Follow new lines (f)' }, 'Following');
    this.followButton.addEventListener('click', () => this.setFollow(!this.follow));
    this.earlier = el('button', { type: 'button', id: 'load-earlier', class: 'earlier' }, 'Load earlier');
    this.earlier.addEventListener('click', () => this.loadEarlier());
    this.count = el('span', { class: 'muted count', id: 'output-count', 'aria-live': 'off' });
    this.spacer = el('div', { class: 'spacer' });
    this.rows = el('div', { class: 'rows' });
    this.viewport = el('div', { class: 'output', id: 'output', tabindex: '0', role: 'log', 'aria-label': 'Output lines' }, this.spacer, this.rows);
    this.viewport.addEventListener('scroll', () => this.scrolled());
    this.viewport.addEventListener('keydown', (e) => {
      if (e.key === 'End') { this.setFollow(true); e.preventDefault(); }
      if (e.key === 'f') { this.setFollow(!this.follow); e.preventDefault(); }
    });
    this.resizeObserver = new ResizeObserver(() => this.queue());
    this.resizeObserver.observe(this.viewport);
    this.element = el('div', { class: 'output-wrap' },
      el('div', { class: 'toolbar' },
        el('label', {}, 'Step ', this.stepSelect),
        typeBox('stdout', 'stdout'), typeBox('stderr', 'stderr'), typeBox('events', 'step events'),
        this.followButton, this.count),
      this.earlier, this.viewport);
    this.updateEarlier();
  }

  reset(events, windowStart) {
    this.all = events;
    this.windowStart = windowStart;
    for (const e of events) this.noteStep(e.step_name);
    this.refilter();
    this.updateEarlier();
  }

  matches(e) {
    if (e.seq < this.windowStart) return false;
    if (this.step && e.step_name !== this.step) return false;
    if (e.type === 'step_output') return e.stream === 'stderr' ? this.types.stderr : this.types.stdout;
    return this.types.events;
  }

  noteStep(name) {
    if (!name || [...this.stepSelect.options].some((o) => o.value === name)) return;
    this.stepSelect.append(el('option', { value: name }, name));
  }

  append(event) {
    this.all.push(event);
    this.noteStep(event.step_name);
    if (this.matches(event)) {
      this.visible.push(event);
      this.queue();
    } else {
      this.updateCount();
    }
  }

  setStep(step) {
    this.step = step;
    this.stepSelect.value = step;
    this.refilter();
  }

  refilter() {
    this.visible = this.all.filter((e) => this.matches(e));
    this.queue();
  }

  setFollow(on) {
    this.follow = on;
    this.followButton.setAttribute('aria-pressed', String(on));
    this.followButton.textContent = on ? 'Following' : 'Paused';
    if (on) this.queue();
  }

  async loadEarlier() {
    if (this.windowStart === 0 || this.loading) return;
    this.loading = true;
    this.earlier.disabled = true;
    this.earlier.textContent = 'Loading\u2026';
    try {
      const { events, complete } = await this.onLoadEarlier(this.windowStart);
      const firstShown = this.visible[Math.floor(this.viewport.scrollTop / LINE)];
      const next = complete || events.length === 0 ? 0 : events[0].seq;
      const known = new Set(this.all.map((e) => e.seq));
      this.all = this.all.concat(events.filter((e) => !known.has(e.seq))).sort((a, b) => a.seq - b.seq);
      this.windowStart = next;
      for (const e of events) this.noteStep(e.step_name);
      this.visible = this.all.filter((e) => this.matches(e));
      // Keep the line that was at the top where it was.
      this.setFollow(false);
      const at = firstShown ? this.visible.indexOf(firstShown) : 0;
      this.spacer.style.height = `${this.visible.length * LINE}px`;
      this.scrollTo(Math.max(0, at) * LINE);
      this.queue();
    } finally {
      this.loading = false;
      this.updateEarlier();
    }
  }

  updateEarlier() {
    this.earlier.hidden = this.windowStart === 0;
    this.earlier.disabled = false;
    this.earlier.textContent = 'Load earlier';
  }

  scrollTo(top) {
    this.programmaticScroll = true;
    this.viewport.scrollTop = top;
  }

  scrolled() {
    if (this.programmaticScroll) { this.programmaticScroll = false; this.queue(); return; }
    const atBottom = this.viewport.scrollTop + this.viewport.clientHeight >= this.viewport.scrollHeight - LINE;
    if (atBottom !== this.follow) this.setFollow(atBottom);
    this.queue();
  }

  queue() {
    if (this.queued) return;
    this.queued = true;
    this.frame = requestAnimationFrame(() => { this.queued = false; this.render(); });
  }

  updateCount() {
    const hidden = this.all.length - this.visible.length;
    this.count.dataset.shown = String(this.visible.length);
    this.count.textContent = `${this.visible.length.toLocaleString()} lines${hidden ? ` (${hidden.toLocaleString()} filtered out)` : ''}`;
  }

  render() {
    const total = this.visible.length;
    this.spacer.style.height = `${total * LINE}px`;
    if (this.follow) this.scrollTo(Math.max(0, total * LINE - this.viewport.clientHeight));
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / LINE) - MARGIN);
    const last = Math.min(total, Math.ceil((this.viewport.scrollTop + this.viewport.clientHeight) / LINE) + MARGIN);
    const rows = [];
    for (let i = first; i < last; i++) rows.push(rowFor(this.visible[i], i));
    this.rows.style.transform = `translateY(${first * LINE}px)`; // CSSOM, which the CSP allows (no style attribute)
    this.rows.replaceChildren(...rows);
    this.updateCount();
    if (total === 0) this.rows.replaceChildren(el('div', { class: 'line muted empty' }, 'No output yet.'));
  }

  dispose() {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
  }
}

function rowFor(e, index) {
  const kind = e.type === 'step_output' ? e.stream : 'event';
  return el('div', { class: `line line-${kind}`, dataset: { seq: e.seq, index } },
    el('span', { class: 'seq' }, e.seq),
    el('time', { class: 'ts', datetime: e.ts }, formatTime(e.ts)),
    el('span', { class: 'step-col', title: e.step_name || '' }, e.step_name || ''),
    el('span', { class: 'text' }, e.type === 'step_output' ? e.line : describe(e)));
}

function describe(e) {
  switch (e.type) {
    case 'tier_started': return `\u2500\u2500 tier ${e.tier_index + 1} started: ${(e.step_names || []).join(', ')}`;
    case 'step_started': return `\u25b6 started${e.zag_command ? ` (${e.zag_command}${e.model ? `, ${e.model}` : ''})` : ''}`;
    case 'step_completed': return `\u2713 completed, exit ${e.exit_code}, ${formatDuration(e.duration_ms)}`;
    case 'step_failed': return `\u2717 failed (attempt ${e.attempt}${e.exit_code !== null ? `, exit ${e.exit_code}` : ''}): ${e.error}`;
    case 'step_skipped': return `\u21b7 skipped: ${e.reason}`;
    case 'zig_session_ended': return `\u2500\u2500 session ended: ${e.status} after ${formatDuration(e.duration_ms)}`;
    case 'zig_session_started': return `\u2500\u2500 session started: ${e.workflow_name}`;
    default: return e.type;
  }
}
