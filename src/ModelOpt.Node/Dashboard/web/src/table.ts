// The trial table: one column per parameter and metric, sortable, filterable (`lr<0.01 relu state=stopped`) and paged,
// redrawn from the store's current trials. Only the visible page is in the DOM, so 10,000 trials stay fast.

import type { SearchHeader, Trial, Value } from './api';
import { h, replace } from './dom';
import { duration, seconds, value } from './format';
import type { SearchStore } from './live';
import { outcome, outcomeLabels } from './style';

interface Column {
  key: string;
  label: string;
  kind: 'number' | 'text';
  get(trial: Trial): Value | null | undefined;
  render?(trial: Trial): Node | string;
  className?: string;
}

type Comparison = '<' | '<=' | '>' | '>=' | '=' | '!=' | '~';

interface Condition { key: string; op: Comparison; value: string }

const pageSize = 50;

export class TrialTable {
  private sortKey = 'number';
  private descending = true;
  private filterText = '';
  private phase = '';
  private page = 0;
  private columns: Column[] = [];
  private rows: Trial[] = [];
  private computedFor = '';
  private readonly head = h('thead');
  private readonly body = h('tbody');
  private readonly pager = h('div', { class: 'pager' });
  private readonly message = h('span', { class: 'filter-message', role: 'status' });
  private readonly filterInput: HTMLInputElement;
  private readonly phaseSelect: HTMLSelectElement;

  constructor(container: HTMLElement, private readonly store: SearchStore, private readonly open: (trialId: string) => void) {
    this.filterInput = h('input', {
      type: 'search', class: 'filter', placeholder: 'filter: lr<0.01  optimizer=adam  t01  (Enter)', 'aria-label': 'filter trials', spellcheck: 'false',
    });
    this.filterInput.addEventListener('input', () => { this.filterText = this.filterInput.value; this.page = 0; this.render(); });
    this.phaseSelect = h('select', { 'aria-label': 'trial state' },
      ...['', 'running', 'pending', 'completed', 'stopped', 'scheduler', 'user', 'cancel', 'failed'].map(p =>
        h('option', { value: p }, p === '' ? 'all states' : ['scheduler', 'user', 'cancel'].includes(p) ? `stopped by ${p}` : p)));
    this.phaseSelect.addEventListener('change', () => { this.phase = this.phaseSelect.value; this.page = 0; this.render(); });
    this.body.addEventListener('click', event => {
      const row = (event.target as Element).closest('tr');
      const id = row?.getAttribute('data-trial');
      if (id) this.open(id);
    });
    this.body.addEventListener('keydown', event => {
      const row = (event.target as Element).closest('tr');
      if (event.key === 'Enter' && row?.getAttribute('data-trial')) this.open(row.getAttribute('data-trial')!);
    });
    container.append(
      h('div', { class: 'table-tools' }, this.filterInput, this.phaseSelect, this.message),
      h('div', { class: 'table-scroll' }, h('table', { class: 'trials' }, this.head, this.body)),
      this.pager);
    this.render();
  }

  render(): void {
    const header = this.store.header;
    if (!header) return;
    const key = `${this.store.revision}|${this.sortKey}|${this.descending}|${this.filterText}|${this.phase}`;
    if (key !== this.computedFor) {
      this.columns = columnsOf(header, this.store.list);
      const conditions = parseFilter(this.filterText, this.columns);
      replace(this.message, conditions.error ?? '');
      const filtered = this.store.list.filter(t => this.matchesPhase(t) && conditions.terms.every(c => matches(t, c, this.columns)) && conditions.words.every(w => mentions(t, w)));
      const column = this.columns.find(c => c.key === this.sortKey) ?? this.columns[0]!;
      this.rows = sortBy(filtered, column, this.descending);
      this.computedFor = key;
      this.renderHead();
    }
    const pages = Math.max(1, Math.ceil(this.rows.length / pageSize));
    this.page = Math.min(this.page, pages - 1);
    const slice = this.rows.slice(this.page * pageSize, (this.page + 1) * pageSize);
    replace(this.body, ...slice.map(t => h('tr', { 'data-trial': t.trialId, tabindex: 0, class: t.trialId === header.bestTrialId ? 'best' : null },
      ...this.columns.map(c => h('td', { class: c.className ?? (c.kind === 'number' ? 'num' : null) }, c.render ? c.render(t) : show(c.get(t)))))));
    if (slice.length === 0) this.body.append(h('tr', null, h('td', { colspan: this.columns.length, class: 'empty' }, this.store.trials.size === 0 ? 'no trials yet' : 'no trial matches the filter')));
    const first = this.rows.length === 0 ? 0 : this.page * pageSize + 1;
    replace(this.pager,
      h('button', { class: 'btn btn-small', disabled: this.page === 0, onclick: () => { this.page--; this.render(); }, 'aria-label': 'previous page' }, '‹'),
      h('span', { class: 'pager-text' }, `${first.toLocaleString()}–${Math.min(this.rows.length, (this.page + 1) * pageSize).toLocaleString()} of ${this.rows.length.toLocaleString()}`
        + (this.rows.length !== this.store.trials.size ? ` (filtered from ${this.store.trials.size.toLocaleString()})` : '')),
      h('button', { class: 'btn btn-small', disabled: this.page >= pages - 1, onclick: () => { this.page++; this.render(); }, 'aria-label': 'next page' }, '›'));
  }

  private matchesPhase(trial: Trial): boolean {
    if (!this.phase) return true;
    if (['scheduler', 'user', 'cancel'].includes(this.phase)) return trial.status === 'stopped' && outcome(trial) === this.phase;
    return trial.status === this.phase;
  }

  private renderHead(): void {
    replace(this.head, h('tr', null, ...this.columns.map(c => {
      const sorted = c.key === this.sortKey;
      return h('th', { 'data-key': c.key, 'aria-sort': sorted ? (this.descending ? 'descending' : 'ascending') : 'none', class: c.kind === 'number' ? 'num' : null },
        h('button', {
          class: 'sort', title: `sort by ${c.label}`,
          onclick: () => {
            if (this.sortKey === c.key) this.descending = !this.descending;
            else { this.sortKey = c.key; this.descending = false; }
            this.render();
          },
        }, c.label, sorted ? (this.descending ? ' ▼' : ' ▲') : ''));
    })));
  }
}

function show(v: Value | null | undefined): string {
  return v === null || v === undefined ? '—' : value(v);
}

function lastMetrics(trial: Trial): Record<string, number> {
  return { ...(trial.curve.at(-1)?.metrics ?? {}), ...(trial.metrics ?? {}) };
}

/** The objective so far: the final one, or the last reported value of a running trial. */
export function objectiveOf(trial: Trial, metric: string): number | null {
  return trial.objective ?? trial.curve.at(-1)?.metrics[metric] ?? null;
}

function columnsOf(header: SearchHeader, trials: Trial[]): Column[] {
  const metricNames = new Set<string>();
  for (const t of trials) for (const m of Object.keys(lastMetrics(t))) metricNames.add(m);
  metricNames.delete(header.metric);
  const now = Date.parse(header.now);
  return [
    { key: 'number', label: '#', kind: 'number', get: t => t.number },
    { key: 'trial', label: 'trial', kind: 'text', get: t => t.trialId, className: 'mono' },
    {
      key: 'state', label: 'state', kind: 'text', get: t => outcomeLabels[outcome(t)],
      render: t => h('span', { class: `pill pill-${outcome(t)}` }, outcomeLabels[outcome(t)]),
    },
    { key: 'objective', label: `${header.metric} (${header.mode})`, kind: 'number', get: t => objectiveOf(t, header.metric), className: 'num strong' },
    { key: 'epochs', label: 'epochs', kind: 'number', get: t => t.epochs },
    { key: 'attempts', label: 'attempts', kind: 'number', get: t => t.attempts },
    {
      key: 'duration', label: 'duration', kind: 'number', get: t => t.startedAt ? (t.endedAt ? seconds(t.startedAt, t.endedAt) : (now - Date.parse(t.startedAt)) / 1000) : null,
      render: t => duration(t.startedAt ? (t.endedAt ? seconds(t.startedAt, t.endedAt) : (now - Date.parse(t.startedAt)) / 1000) : null),
    },
    ...header.parameters.map<Column>(p => ({
      key: `param:${p.name}`, label: p.name, kind: p.kind === 'categorical' ? 'text' : 'number', get: t => t.config[p.name], className: p.kind === 'categorical' ? 'param' : 'num param',
    })),
    ...[...metricNames].sort().map<Column>(m => ({ key: `metric:${m}`, label: m, kind: 'number', get: t => lastMetrics(t)[m] })),
    { key: 'reason', label: 'why it ended', kind: 'text', get: t => t.reason ?? '', className: 'reason' },
  ];
}

function sortBy(trials: Trial[], column: Column, descending: boolean): Trial[] {
  const keyed = trials.map(t => ({ t, v: column.get(t) }));
  const sign = descending ? -1 : 1;
  keyed.sort((a, b) => {
    const missingA = a.v === null || a.v === undefined || a.v === '';
    const missingB = b.v === null || b.v === undefined || b.v === '';
    if (missingA || missingB) return missingA === missingB ? a.t.number - b.t.number : missingA ? 1 : -1;
    const order = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v), undefined, { numeric: true });
    return order === 0 ? a.t.number - b.t.number : sign * order;
  });
  return keyed.map(k => k.t);
}

function parseFilter(text: string, columns: Column[]): { terms: Condition[]; words: string[]; error?: string } {
  const terms: Condition[] = [];
  const words: string[] = [];
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const match = /^([^<>=!~]+)(<=|>=|!=|=|<|>|~)(.*)$/.exec(token);
    if (!match) {
      words.push(token.toLowerCase());
      continue;
    }
    const [, name, op, wanted] = match;
    const key = resolve(name!, columns);
    if (!key) return { terms, words, error: `no column '${name}'` };
    terms.push({ key, op: op as Comparison, value: wanted! });
  }
  return { terms, words };
}

function resolve(name: string, columns: Column[]): string | null {
  const lower = name.toLowerCase();
  const column = columns.find(c => c.key === name || c.label === name || c.key === `param:${name}` || c.key === `metric:${name}` || c.label.toLowerCase() === lower)
    ?? (['objective', 'value'].includes(lower) ? columns.find(c => c.key === 'objective') : undefined);
  return column?.key ?? null;
}

function matches(trial: Trial, condition: Condition, columns: Column[]): boolean {
  const column = columns.find(c => c.key === condition.key)!;
  const actual = column.get(trial);
  if (actual === null || actual === undefined) return condition.op === '!=';
  if (condition.op === '~') return String(actual).toLowerCase().includes(condition.value.toLowerCase());
  const wanted = Number(condition.value);
  if (typeof actual === 'number' && condition.value !== '' && Number.isFinite(wanted)) {
    switch (condition.op) {
      case '<': return actual < wanted;
      case '<=': return actual <= wanted;
      case '>': return actual > wanted;
      case '>=': return actual >= wanted;
      case '=': return actual === wanted;
      case '!=': return actual !== wanted;
    }
  }
  const a = String(actual).toLowerCase();
  const w = condition.value.toLowerCase();
  switch (condition.op) {
    case '=': return a === w || (condition.key === 'state' && a.includes(w));
    case '!=': return a !== w;
    default: {
      const order = a.localeCompare(w, undefined, { numeric: true });
      return condition.op === '<' ? order < 0 : condition.op === '<=' ? order <= 0 : condition.op === '>' ? order > 0 : order >= 0;
    }
  }
}

function mentions(trial: Trial, word: string): boolean {
  if (trial.trialId.toLowerCase().includes(word) || trial.status.includes(word) || (trial.reason ?? '').toLowerCase().includes(word)) return true;
  if (trial.stoppedBy?.includes(word)) return true;
  return Object.values(trial.config).some(v => String(v).toLowerCase().includes(word));
}

