// Daemon: health (no token needed) and the writer's figures from /q/metrics (Prometheus text).
import { api, apiText } from './api.js';
import { el, formatDuration } from './format.js';

const REFRESH_MS = 2000;

/** Prometheus text: name{labels} value lines; labels ignored, values of the same name summed. */
export function parseMetrics(text) {
  const values = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[3]);
    if (Number.isNaN(value)) continue;
    values.set(match[1], (values.get(match[1]) ?? 0) + value);
  }
  return values;
}

export function daemonView(root) {
  let disposed = false;
  let previous = null; // {at, events, batches, seconds} for rates
  const cards = el('div', { class: 'cards', id: 'daemon-cards' });
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  root.replaceChildren(el('h1', {}, 'Daemon'), error, cards,
    el('p', { class: 'muted' }, `Refreshed every ${REFRESH_MS / 1000} s from /api/v1/health and /q/metrics.`));

  const card = (key, label, value, note) => el('div', { class: 'card', dataset: { metric: key } },
    el('div', { class: 'card-label' }, label), el('div', { class: 'card-value' }, value), el('div', { class: 'card-note muted' }, note || ''));

  async function refresh() {
    try {
      const [health, text] = await Promise.all([api('/api/v1/health'), apiText('/q/metrics')]);
      if (disposed) return;
      const m = parseMetrics(text);
      const events = m.get('zigd_events_written_total') ?? 0;
      const batches = m.get('zigd_batch_write_seconds_count') ?? 0;
      const seconds = m.get('zigd_batch_write_seconds_sum') ?? 0;
      const max = m.get('zigd_batch_write_seconds_max') ?? 0;
      const now = Date.now();
      let rate = '';
      let recentLatency = '';
      if (previous && now > previous.at) {
        rate = `${((events - previous.events) * 1000 / (now - previous.at)).toFixed(1)} events/s now`;
        const dBatches = batches - previous.batches;
        recentLatency = dBatches > 0 ? `${((seconds - previous.seconds) * 1000 / dBatches).toFixed(3)} ms per batch lately` : 'no writes lately';
      }
      previous = { at: now, events, batches, seconds };
      error.hidden = true;
      cards.replaceChildren(
        card('health', 'Health', health.status, `version ${health.version} \u00b7 up ${formatDuration(health.uptime_ms)}`),
        card('open-sessions', 'Open sessions', health.open_sessions.toLocaleString()),
        card('subscribers', 'Subscribers', health.subscribers.toLocaleString(), 'open WebSocket and SSE streams'),
        card('events-written', 'Events written', events.toLocaleString(), rate || 'since the daemon started'),
        card('write-latency', 'Write latency',
          batches > 0 ? `${(seconds * 1000 / batches).toFixed(3)} ms` : '\u2014',
          `mean per batch over ${batches.toLocaleString()} batches \u00b7 max ${(max * 1000).toFixed(3)} ms${recentLatency ? ` \u00b7 ${recentLatency}` : ''}`));
    } catch (e) {
      if (e.status === 401) return;
      error.textContent = `The daemon does not answer: ${e.message}`;
      error.hidden = false;
    }
  }

  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return { dispose() { disposed = true; clearInterval(timer); } };
}
