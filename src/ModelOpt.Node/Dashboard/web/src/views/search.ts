// One search, live: its budget and progress, its actions, the trial table and one tab per plot. Plots and table
// follow the store's server-sent updates; a hidden tab costs nothing.

import { api, ApiError, type SearchHeader } from '../api';
import type { Plot } from '../charts';
import { h, replace, toast } from '../dom';
import { ago, duration, num, seconds } from '../format';
import { SearchStore } from '../live';
import type { PlotContext } from '../plots/context';
import { contourPlot } from '../plots/contour';
import { curvesPlot } from '../plots/curves';
import { edfPlot } from '../plots/edf';
import { historyPlot } from '../plots/history';
import { importancePlot } from '../plots/importance';
import { parallelPlot } from '../plots/parallel';
import { paretoPlot } from '../plots/pareto';
import { slicePlot } from '../plots/slice';
import { timelinePlot } from '../plots/timeline';
import { go, links, type Route } from '../router';
import { TrialTable } from '../table';
import type { View, ViewContext } from '../view';

interface Tab {
  key: string;
  label: string;
  shown(header: SearchHeader, store: SearchStore): boolean;
  make(element: HTMLElement, context: PlotContext): Plot;
  caption: string;
  /** Plots that lay themselves out (controls, notes) get a bare element instead of a fixed-height canvas. */
  bare?: boolean;
}

const tabs: Tab[] = [
  { key: 'overview', label: 'Overview', shown: () => true, make: historyPlot, caption: 'Each trial\'s objective by trial number, marked by how it ended; the line is the best completed trial so far. Drag or scroll to zoom; click a point to open its trial.' },
  {
    key: 'curves', label: 'Learning curves', make: curvesPlot,
    // A one-epoch search has no curves worth drawing: each would be a single point.
    shown: (header, store) => header.maxEpochsPerTrial > 1 || store.list.some(t => t.epochs > 1),
    caption: 'The objective per epoch; dashed curves ended early, and the marker at their end says who stopped them (▲ scheduler, ◆ user, ■ cancel, ✕ failed). The thick green curve is the best trial.',
  },
  { key: 'parallel', label: 'Parallel coordinates', shown: () => true, make: parallelPlot, caption: 'One line per completed trial across every parameter and the objective, coloured by the objective. Drag along an axis to keep a range.' },
  { key: 'slice', label: 'Slice', shown: () => true, make: slicePlot, caption: 'The objective (vertical) against each parameter; later trials darker, stopped trials marked by who stopped them. Log axes only where the spec says log.' },
  { key: 'contour', label: 'Contour', shown: h => h.parameters.filter(p => p.kind !== 'constant').length >= 2, make: contourPlot, bare: true, caption: '' },
  { key: 'importance', label: 'Importance', shown: () => true, make: importancePlot, bare: true, caption: '' },
  { key: 'edf', label: 'EDF', shown: () => true, make: edfPlot, caption: 'The empirical distribution of the objective over the completed trials.' },
  { key: 'pareto', label: 'Pareto front', shown: h => h.objectives.length > 1, make: paretoPlot, bare: true, caption: 'Completed trials on two objectives; diamonds are on the Pareto front of all objectives.' },
  { key: 'timeline', label: 'Timeline', shown: () => true, make: timelinePlot, caption: 'Which worker slot ran which trial, when, and how each attempt ended. Hover for why it ended; click to open the trial.' },
];

export function searchView(searchId: string, initialTab: string, context: ViewContext): View {
  const store = new SearchStore(searchId);
  const full = context.session.access === 'full';
  const title = h('h1');
  const status = h('span', { class: 'pill' });
  const live = h('span', { class: 'live', title: 'updates arrive as they happen' });
  const actions = h('div', { class: 'actions' });
  const stats = h('div', { class: 'stats' });
  const reason = h('p', { class: 'reason-line' });
  const tabBar = h('nav', { class: 'tabs', role: 'tablist' });
  const panel = h('div', { class: 'card plot-card' });
  const tableCard = h('div', { class: 'card' });
  const element = h('section', { class: 'page' },
    h('div', { class: 'breadcrumb' }, h('a', { href: links.searches() }, 'Searches'), ' / ', searchId),
    h('div', { class: 'page-head' }, h('div', { class: 'title-line' }, title, status, live), actions),
    reason, stats, tabBar, panel, tableCard);
  const plotContext: PlotContext = { store, open: trialId => go(links.trial(searchId, trialId)) };
  let tab = initialTab;
  let plot: Plot | null = null;
  let table: TrialTable | null = null;
  let lastUpdate = Date.now();
  let plotTimer = 0;
  let plotDue = 0;

  function renderHeader(header: SearchHeader): void {
    replace(title, header.name);
    status.className = `pill pill-${header.status}`;
    replace(status, header.status);
    replace(reason, header.reason ? `Ended: ${header.reason}` : '');
    const ended = header.counts.completed + header.counts.stopped + header.counts.failed;
    const share = header.maxTrials ? Math.min(1, ended / header.maxTrials) : 0;
    const running = header.maxTrials ? Math.min(1 - share, header.counts.running / header.maxTrials) : 0;
    const best = header.bestTrialId ? store.trials.get(header.bestTrialId) : undefined;
    const stat = (label: string, ...value: (Node | string)[]) => h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, ...value));
    replace(stats,
      h('div', { class: 'stat stat-wide' }, h('div', { class: 'stat-label' }, 'budget'),
        h('div', { class: 'progress progress-big', title: `${ended} of ${header.maxTrials} trials ended` },
          h('div', { class: 'progress-done', style: `width:${(share * 100).toFixed(1)}%` }),
          h('div', { class: 'progress-running', style: `width:${(running * 100).toFixed(1)}%` })),
        h('div', { class: 'stat-sub' }, `${ended} of ${header.maxTrials} trials ended · ${header.counts.running} running · ${header.counts.pending} waiting · up to ${header.maxConcurrent} at once`)),
      stat(`best ${header.metric} (${header.mode})`, best ? h('a', { href: links.trial(searchId, best.trialId), class: 'best-link' }, num(best.objective), h('span', { class: 'subtle' }, ` ${best.trialId}`)) : '—'),
      stat('trials', h('span', { class: 'counts' },
        h('span', { class: 'count count-completed', title: 'completed' }, `${header.counts.completed} done`),
        h('span', { class: 'count count-stopped', title: 'stopped early' }, `${header.counts.stopped} stopped`),
        h('span', { class: 'count count-failed', title: 'failed' }, `${header.counts.failed} failed`))),
      stat('searcher · scheduler', `${header.searcher} · ${header.scheduler}`),
      stat('started', h('span', { title: header.submittedAt }, ago(header.submittedAt, header.now))),
      stat(header.endedAt ? 'ran for' : 'running for', duration(seconds(header.submittedAt, header.endedAt ?? header.now))));
    renderActions(header);
    renderTabs(header);
  }

  function renderActions(header: SearchHeader): void {
    const readOnly = full ? null : 'this token is read-only';
    const button = (label: string, name: string, run: () => Promise<unknown>, danger = false) => h('button', {
      class: `btn${danger ? ' btn-danger' : ''}`, 'data-action': name, disabled: !full, title: readOnly,
      onclick: async (event: Event) => {
        const target = event.currentTarget as HTMLButtonElement;
        target.disabled = true;
        try {
          await run();
          toast(`${label}: done`);
          await store.refresh();
        } catch (e) {
          toast(e instanceof ApiError ? e.message : String(e), 'error');
        } finally {
          target.disabled = !full;
        }
      },
    }, label);
    replace(actions,
      header.status === 'running' ? button('Stop search', 'stop-search', () => api.stopSearch(searchId), true) : null,
      header.status === 'cancelled' ? button('Resume search', 'resume-search', () => api.resumeSearch(searchId)) : null);
  }

  function renderTabs(header: SearchHeader): void {
    const visible = tabs.filter(t => t.shown(header, store));
    if (!visible.some(t => t.key === tab)) tab = 'overview';
    const keys = visible.map(t => t.key).join();
    if (tabBar.dataset.keys === keys && tabBar.dataset.active === tab) return;
    tabBar.dataset.keys = keys;
    tabBar.dataset.active = tab;
    replace(tabBar, ...visible.map(t => h('a', {
      href: links.search(searchId, t.key), role: 'tab', class: t.key === tab ? 'tab active' : 'tab', 'aria-selected': t.key === tab ? 'true' : 'false', 'data-tab': t.key,
    }, t.label)));
  }

  function mountPlot(): void {
    plot?.dispose();
    const spec = tabs.find(t => t.key === tab) ?? tabs[0]!;
    const area = h('div', { class: spec.bare ? 'plot-bare' : 'plot-canvas', 'data-plot': spec.key });
    replace(panel, area, spec.caption ? h('p', { class: 'plot-note' }, spec.caption) : null);
    plot = spec.make(area, plotContext);
    tableCard.hidden = tab !== 'overview';
  }

  /** Plots redraw at most once a second (tables four times a second), whatever the rate of updates. */
  function schedulePlot(): void {
    const wait = Math.max(0, plotDue - Date.now());
    if (plotTimer) return;
    plotTimer = window.setTimeout(() => {
      plotTimer = 0;
      plotDue = Date.now() + 1000;
      void plot?.update();
    }, wait);
  }

  const ticker = window.setInterval(() => {
    if (store.header?.status === 'running') replace(live, `live · updated ${Math.max(0, (Date.now() - lastUpdate) / 1000).toFixed(0)} s ago`);
    else replace(live, '');
  }, 1000);

  let tableTimer = 0;
  store.subscribe(() => {
    lastUpdate = Date.now();
    renderHeader(store.header!);
    if (!tableTimer) tableTimer = window.setTimeout(() => { tableTimer = 0; table?.render(); }, 250);
    schedulePlot();
  });

  // Marks for the page benchmark: data read, table drawn, and (below) ready with the first plot.
  store.start().then(() => {
    performance.mark('mopt-search-data');
    renderHeader(store.header!);
    table = new TrialTable(tableCard, store, trialId => go(links.trial(searchId, trialId)));
    performance.mark('mopt-search-table');
    mountPlot();
    plotDue = Date.now() + 1000;
    element.dataset.ready = 'true';
    performance.mark('mopt-search-ready');
  }).catch(e => {
    replace(element, h('div', { class: 'card error' }, e instanceof ApiError ? e.message : String(e)));
    element.dataset.ready = 'error';
  });

  return {
    element,
    route(route: Route) {
      if (route.page !== 'search' || route.searchId !== searchId) return false;
      if (route.tab !== tab) {
        tab = route.tab;
        if (store.header) {
          renderTabs(store.header);
          mountPlot();
        }
      }
      return true;
    },
    dispose() {
      window.clearInterval(ticker);
      window.clearTimeout(plotTimer);
      window.clearTimeout(tableTimer);
      plot?.dispose();
      store.close();
    },
  };
}
