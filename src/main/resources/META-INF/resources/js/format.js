// Times in the viewer's time zone, durations, and small DOM helpers.
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function parseTime(text) {
  if (!text) return null;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : ms;
}

export function formatTime(text) {
  const ms = parseTime(text);
  if (ms === null) return text || '';
  const sameDay = new Date(ms).toDateString() === new Date().toDateString();
  return sameDay ? timeOnly.format(ms) : dateTime.format(ms);
}

export function fullTime(text) {
  const ms = parseTime(text);
  return ms === null ? (text || '') : `${dateTime.format(ms)} (${Intl.DateTimeFormat().resolvedOptions().timeZone})`;
}

export function formatDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(1)} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} m` : `${m} m ${String(sec).padStart(2, '0')} s`;
}

/** el('a', {href: '#'}, 'text', child): textContent only, never innerHTML (lines are untrusted). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function badge(status) {
  return el('span', { class: `badge badge-${status}` }, status);
}

export const shortId = (id) => (id || '').slice(0, 8);

/** The project's storage directory (…/.zig/projects/home-ada-src-app) shown by its last part. */
export function projectName(path) {
  if (!path) return '—';
  const parts = path.split('/').filter(Boolean);
  const last = parts[parts.length - 1] || path;
  return last === '.zig' ? '(no project)' : last;
}

/** An in-page confirmation (a real <dialog>: focus trapped, Escape cancels). Resolves true on OK. */
export function confirmAction(title, text, okLabel) {
  const dialog = document.getElementById('confirm');
  dialog.querySelector('#confirm-title').textContent = title;
  dialog.querySelector('#confirm-text').textContent = text;
  dialog.querySelector('#confirm-ok').textContent = okLabel;
  dialog.returnValue = 'cancel';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}
