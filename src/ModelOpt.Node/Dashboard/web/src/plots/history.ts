// Optimization history: every trial's objective by trial number, marked by how it ended, with the best value so far.

import { axis, baseTextStyle, makeChart, markDrawn, tooltipBase, trialTooltip, zoom, type Plot } from '../charts';
import type { Trial } from '../api';
import { colors, outcome, outcomeLabels, outcomeOrder, symbols, type Outcome } from '../style';
import type { PlotContext, PointEvent } from './context';

export function historyPlot(element: HTMLElement, context: PlotContext): Plot {
  const chart = makeChart(element);
  let ids: Record<string, string[]> = {};
  chart.on('click', event => {
    const e = event as unknown as PointEvent;
    const id = ids[e.seriesName ?? '']?.[e.dataIndex];
    if (id) context.open(id);
  });

  function update(): void {
    const header = context.store.header;
    if (!header) return;
    const groups = new Map<Outcome, Trial[]>();
    for (const trial of context.store.list) {
      if (trial.objective === null || trial.objective === undefined) continue;
      const o = outcome(trial);
      (groups.get(o) ?? groups.set(o, []).get(o)!).push(trial);
    }
    ids = {};
    const series: Record<string, unknown>[] = [];
    for (const o of outcomeOrder) {
      const trials = groups.get(o);
      if (!trials) continue;
      const name = outcomeLabels[o];
      ids[name] = trials.map(t => t.trialId);
      series.push({
        type: 'scatter', name, symbol: symbols[o], symbolSize: o === 'completed' ? 7 : 9, large: trials.length > 2000, largeThreshold: 2000,
        itemStyle: { color: colors[o], opacity: 0.85 }, emphasis: { scale: 1.6 },
        data: trials.map(t => [t.number, t.objective]),
        tooltip: { formatter: (p: PointEvent) => tip(ids[name]?.[p.dataIndex]) },
      });
    }
    const best: { id: string; value: number }[] = [];
    let current: { id: string; value: number } | null = null;
    for (const trial of groups.get('completed') ?? []) {
      const v = trial.objective as number;
      if (!current || (header.mode === 'min' ? v < current.value : v > current.value)) current = { id: trial.trialId, value: v };
      best.push(current);
    }
    const completed = groups.get('completed') ?? [];
    // Under the points and deaf to the mouse: the best trials sit on this line and must stay hoverable and clickable.
    series.push({
      type: 'line', name: 'best so far', step: 'end', symbol: 'none', z: 1, silent: true,
      lineStyle: { color: colors.best, width: 2.5 }, itemStyle: { color: colors.best },
      data: completed.map((t, i) => [t.number, best[i]!.value]),
    });
    chart.setOption({
      textStyle: baseTextStyle,
      animation: false,
      grid: { left: 70, right: 30, top: 40, bottom: 78 },
      legend: { top: 4, textStyle: { color: colors.muted } },
      tooltip: { ...tooltipBase, trigger: 'item' },
      xAxis: axis('trial', false, { minInterval: 1 }),
      yAxis: axis(`${header.metric} (${header.mode})`, false, { nameGap: 50 }),
      dataZoom: [...zoom, { type: 'inside', yAxisIndex: 0, filterMode: 'none' }],
      series,
    }, { replaceMerge: ['series'] });
    markDrawn(element, [...groups.values()].reduce((n, g) => n + g.length, 0));
  }

  function tip(id: string | undefined): HTMLElement | string {
    const trial = id ? context.store.trials.get(id) : undefined;
    return trial ? trialTooltip(trial, context.store.header?.metric ?? 'objective', [['epochs', String(trial.epochs)]]) : '';
  }

  update();
  return { update, dispose: () => chart.dispose() };
}
