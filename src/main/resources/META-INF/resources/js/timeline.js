// Tiers and steps derived from a session's lifecycle events.
import { el, formatDuration, formatTime, fullTime, parseTime } from './format.js';

export class Timeline {
  constructor(onSelectStep) {
    this.onSelectStep = onSelectStep;
    this.tiers = new Map();  // index -> {index, ts, steps: [names]}
    this.steps = new Map();  // name -> {name, tier, state, ...}
    this.ended = null;
    this.element = el('ol', { class: 'timeline', id: 'timeline' });
    this.queued = false;
    this.render();
  }

  step(name, tier) {
    let step = this.steps.get(name);
    if (!step) {
      step = { name, tier: tier ?? null, state: 'pending' };
      this.steps.set(name, step);
    }
    if (tier !== undefined && tier !== null) step.tier = tier;
    return step;
  }

  tier(index, ts) {
    let tier = this.tiers.get(index);
    if (!tier) { tier = { index, ts: ts ?? null, steps: [] }; this.tiers.set(index, tier); }
    return tier;
  }

  add(event) {
    switch (event.type) {
      case 'tier_started': {
        const tier = this.tier(event.tier_index, event.ts);
        tier.ts = event.ts;
        for (const name of event.step_names || []) {
          if (!tier.steps.includes(name)) tier.steps.push(name);
          this.step(name, event.tier_index);
        }
        break;
      }
      case 'step_started': {
        const step = this.step(event.step_name, event.tier_index);
        const tier = this.tier(event.tier_index);
        if (!tier.steps.includes(step.name)) tier.steps.push(step.name);
        Object.assign(step, { state: 'running', startedAt: event.ts, model: event.model, command: event.zag_command, zag: event.zag_session_id });
        break;
      }
      case 'step_completed':
        Object.assign(this.step(event.step_name), { state: 'completed', exitCode: event.exit_code, durationMs: event.duration_ms, savedVars: event.saved_vars, endedAt: event.ts });
        break;
      case 'step_failed':
        Object.assign(this.step(event.step_name), { state: 'failed', exitCode: event.exit_code, attempt: event.attempt, error: event.error, endedAt: event.ts });
        break;
      case 'step_skipped':
        Object.assign(this.step(event.step_name), { state: 'skipped', reason: event.reason, endedAt: event.ts });
        break;
      case 'zig_session_ended':
        this.ended = event;
        break;
      default:
        return;
    }
    if (!this.queued) {
      this.queued = true;
      requestAnimationFrame(() => { this.queued = false; this.render(); });
    }
  }

  detail(step) {
    switch (step.state) {
      case 'completed': {
        const vars = savedVarsText(step.savedVars);
        return `exit ${step.exitCode} \u00b7 ${formatDuration(step.durationMs)}${vars ? ` \u00b7 saved ${vars}` : ''}`;
      }
      case 'failed':
        return `attempt ${step.attempt}${step.exitCode !== null && step.exitCode !== undefined ? ` \u00b7 exit ${step.exitCode}` : ''} \u00b7 ${step.error}`;
      case 'skipped':
        return step.reason || 'skipped';
      case 'running':
        return [step.command, step.model].filter(Boolean).join(' \u00b7 ') || 'running';
      default:
        return 'waiting';
    }
  }

  render() {
    const tierIndexes = [...this.tiers.keys()].sort((a, b) => a - b);
    const orphans = [...this.steps.values()].filter((s) => s.tier === null || !this.tiers.has(s.tier));
    const items = tierIndexes.map((index) => {
      const tier = this.tiers.get(index);
      return el('li', { class: 'tier', dataset: { tier: index } },
        el('div', { class: 'tier-head' }, el('strong', {}, `Tier ${index + 1}`),
          tier.ts ? el('time', { datetime: tier.ts, title: fullTime(tier.ts) }, formatTime(tier.ts)) : null),
        el('ul', { class: 'steps' }, tier.steps.map((name) => this.stepItem(this.steps.get(name)))));
    });
    if (orphans.length) {
      items.push(el('li', { class: 'tier' }, el('div', { class: 'tier-head' }, el('strong', {}, 'Steps')),
        el('ul', { class: 'steps' }, orphans.map((s) => this.stepItem(s)))));
    }
    if (this.ended) {
      items.push(el('li', { class: `tier ended ended-${this.ended.status}` },
        el('div', { class: 'tier-head' }, el('strong', {}, `Session ${this.ended.status}`),
          el('span', { class: 'muted' }, formatDuration(this.ended.duration_ms)))));
    }
    if (items.length === 0) items.push(el('li', { class: 'muted' }, 'No tier has started yet.'));
    this.element.replaceChildren(...items);
  }

  stepItem(step) {
    return el('li', { class: `step step-${step.state}`, dataset: { step: step.name, state: step.state } },
      el('button', { type: 'button', class: 'step-button', title: 'Show only this step\u2019s output', onclick: () => this.onSelectStep(step.name) },
        el('span', { class: 'step-icon', 'aria-hidden': 'true' }, ICONS[step.state]),
        el('span', { class: 'step-name' }, step.name),
        el('span', { class: 'visually-hidden' }, ` ${step.state}`)),
      el('span', { class: 'step-detail' }, this.detail(step)));
  }
}

const ICONS = { pending: '\u25cb', running: '\u25d4', completed: '\u2713', failed: '\u2717', skipped: '\u21b7' };

function savedVarsText(vars) {
  if (!vars) return '';
  if (Array.isArray(vars)) return vars.length ? vars.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ') : '';
  if (typeof vars === 'object') return Object.keys(vars).length ? Object.entries(vars).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ') : '';
  return String(vars);
}

export { parseTime };
