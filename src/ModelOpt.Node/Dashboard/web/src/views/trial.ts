// One trial: its configuration, metrics per epoch, attempts and failures, its log (followed while it runs), its
// artifacts and confusion matrix, and a stop button for full tokens.

import { api, ApiError, type EndedAttempt, type TrialPage } from '../api';
import type { Plot } from '../charts';
import { h, replace, toast } from '../dom';
import { duration, num, seconds, time, value } from '../format';
import { confusionPlot } from '../plots/confusion';
import { shortNode } from '../plots/timeline';
import { trialCurvesPlot } from '../plots/trialcurves';
import { links } from '../router';
import { outcome, outcomeLabels } from '../style';
import { every, type View, type ViewContext } from '../view';

export function trialView(searchId: string, trialId: string, context: ViewContext): View {
  const full = context.session.access === 'full';
  const element = h('section', { class: 'page' },
    h('div', { class: 'breadcrumb' }, h('a', { href: links.searches() }, 'Searches'), ' / ', h('a', { href: links.search(searchId) }, searchId), ' / ', trialId));
  const head = h('div', { class: 'page-head' });
  const summary = h('div', { class: 'stats' });
  const body = h('div', { class: 'trial-grid' });
  const logBox = h('pre', { class: 'log', 'data-log': 'true', tabindex: 0 });
  const follow = h('input', { type: 'checkbox', checked: true, 'aria-label': 'follow the log' });
  element.append(head, summary, body);
  let plots: Plot[] = [];
  let lastKey = '';
  let running = true;

  function section(titleText: string, ...content: (Node | string | null)[]): HTMLElement {
    return h('div', { class: 'card' }, h('h2', null, titleText), ...content);
  }

  function render(page: TrialPage): void {
    const trial = page.trial;
    running = trial.status === 'running' || trial.status === 'pending';
    const key = `${trial.status}|${trial.curve.length}|${trial.attempts}|${trial.reason ?? ''}`;
    if (key === lastKey) return;
    lastKey = key;
    const o = outcome(trial);
    replace(head,
      h('div', { class: 'title-line' }, h('h1', null, `Trial ${trial.trialId}`), h('span', { class: `pill pill-${o}` }, outcomeLabels[o])),
      h('div', { class: 'actions' },
        h('a', { class: 'btn', href: api.exportUrl(searchId, trialId), download: `${searchId}-${trialId}.zip`, 'data-action': 'export' }, 'Download artifacts'),
        running ? h('button', {
          class: 'btn btn-danger', 'data-action': 'stop-trial', disabled: !full, title: full ? null : 'this token is read-only',
          onclick: async (event: Event) => {
            const target = event.currentTarget as HTMLButtonElement;
            target.disabled = true;
            try {
              await api.stopTrial(searchId, trialId);
              toast(`trial ${trialId} stopped`);
              render(await api.trial(searchId, trialId));
            } catch (e) {
              toast(e instanceof ApiError ? e.message : String(e), 'error');
              target.disabled = !full;
            }
          },
        }, 'Stop trial') : null));
    const ran = trial.startedAt ? seconds(trial.startedAt, trial.endedAt ?? new Date().toISOString()) : null;
    const stat = (label: string, v: string) => h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, v));
    replace(summary,
      stat(page.metric, num(trial.objective ?? trial.curve.at(-1)?.metrics[page.metric])),
      stat('epochs', String(trial.epochs)),
      stat('attempts', String(trial.attempts)),
      stat('slot', trial.device ? `${shortNode(trial.node)} · ${trial.device}` : '—'),
      stat(trial.endedAt ? 'ran for' : 'running for', duration(ran)),
      trial.reason ? h('div', { class: 'stat stat-wide' }, h('div', { class: 'stat-label' }, trial.status === 'failed' ? `failure (${(trial.failure ?? 'error').replace(/_/g, ' ')})` : 'why it ended'), h('div', { class: 'stat-value reason-text', 'data-reason': 'true' }, trial.reason)) : null);

    plots.forEach(p => p.dispose());
    plots = [];
    const curves = h('div', { class: 'plot-canvas', 'data-plot': 'trial-curves' });
    const confusion = page.confusion ? h('div', { class: 'plot-canvas', 'data-plot': 'confusion' }) : null;
    const metrics = { ...(trial.curve.at(-1)?.metrics ?? {}), ...(trial.metrics ?? {}) };
    const metricNames = [...new Set(trial.curve.flatMap(r => Object.keys(r.metrics)))].sort();
    replace(body,
      section('Configuration', table(['parameter', 'value'], Object.entries(trial.config).map(([k, v]) => [k, value(v)]))),
      section(trial.metrics ? 'Final metrics' : 'Latest metrics', Object.keys(metrics).length
        ? table(['metric', 'value'], Object.entries(metrics).sort().map(([k, v]) => [k, num(v, 6)]))
        : h('p', { class: 'subtle' }, 'nothing reported yet')),
      h('div', { class: 'card span-2' }, h('h2', null, 'Metrics per epoch'), trial.curve.length ? curves : h('p', { class: 'subtle' }, 'no epoch reported yet'),
        trial.curve.length ? h('details', null, h('summary', null, 'as a table'),
          table(['epoch', ...metricNames, 'seconds'], trial.curve.map(r => [String(r.epoch), ...metricNames.map(m => num(r.metrics[m], 6)), duration(r.seconds)]))) : null),
      section('Attempts', attempts(trial)),
      confusion ? section(`Confusion matrix (${page.confusion!.split})`, confusion) : null,
      section('Artifacts', trial.artifacts && Object.keys(trial.artifacts).length
        ? table(['artifact', 'value'], Object.entries(trial.artifacts).filter(([k]) => k !== 'confusion_matrix').map(([k, v]) => [k, v]))
        : h('p', { class: 'subtle' }, 'none recorded'), h('p', null, h('a', { href: api.exportUrl(searchId, trialId) }, 'Download the trial (record, checkpoints, logs) as a zip'))),
      h('div', { class: 'card span-2' }, h('div', { class: 'card-head' }, h('h2', null, 'Log'), h('label', { class: 'subtle' }, follow, ' follow')), logBox));
    if (trial.curve.length) plots.push(trialCurvesPlot(curves, trial, page.metric));
    if (confusion && page.confusion) plots.push(confusionPlot(confusion, page.confusion));
    element.dataset.ready = 'true';
  }

  function attempts(trial: TrialPage['trial']): HTMLElement {
    const rows: string[][] = (trial.earlierAttempts ?? []).map((a: EndedAttempt) => [
      String(a.attempt), a.device ? `${shortNode(a.node)} · ${a.device}` : '—', time(a.startedAt), time(a.endedAt), a.end, a.reason,
    ]);
    if (trial.attempts > 0) {
      rows.push([String(trial.attempts), trial.device ? `${shortNode(trial.node)} · ${trial.device}` : '—', time(trial.startedAt), trial.endedAt ? time(trial.endedAt) : 'running',
        outcomeLabels[outcome(trial)], trial.status === 'running' ? '' : trial.reason ?? '']);
    }
    return rows.length ? table(['#', 'slot', 'started', 'ended', 'outcome', 'why'], rows) : h('p', { class: 'subtle' }, 'not started yet');
  }

  async function loadLogs(): Promise<void> {
    const logs = await api.logs(searchId, trialId);
    const atBottom = logBox.scrollTop + logBox.clientHeight >= logBox.scrollHeight - 8;
    logBox.textContent = logs.lines.length ? logs.lines.join('\n') : '(no log lines yet)';
    if (follow.checked && atBottom) logBox.scrollTop = logBox.scrollHeight;
  }

  // Logs are read while the trial runs, and once more after it ended for its last lines.
  let logsAfterEnd = false;
  const stopTrial = every(2000, async () => render(await api.trial(searchId, trialId)), true);
  const stopLogs = every(2000, async () => {
    if (running || !logsAfterEnd) {
      logsAfterEnd = !running;
      await loadLogs();
    }
  });
  api.trial(searchId, trialId).then(render).catch(e => {
    replace(body, h('div', { class: 'card error' }, e instanceof ApiError ? e.message : String(e)));
    element.dataset.ready = 'error';
  });

  return {
    element,
    dispose() {
      stopTrial();
      stopLogs();
      plots.forEach(p => p.dispose());
    },
  };
}

function table(headers: string[], rows: string[][]): HTMLElement {
  return h('div', { class: 'table-scroll' }, h('table', { class: 'plain' },
    h('thead', null, h('tr', null, ...headers.map(x => h('th', null, x)))),
    h('tbody', null, ...rows.map(r => h('tr', null, ...r.map(c => h('td', null, c)))))));
}
