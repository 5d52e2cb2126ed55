// Learning curves: the objective per epoch of every trial, the best trial thick, each stopped or failed trial ending in
// the marker of who stopped it.

import { axis, baseTextStyle, makeChart, markDrawn, tooltipBase, trialTooltip, zoom, type Plot } from '../charts';
import type { Trial } from '../api';
import { colors, outcome, outcomeLabels, outcomeOrder, symbols, type Outcome } from '../style';
import type { PlotContext, PointEvent } from './context';

export function curvesPlot(element: HTMLElement, context: PlotContext): Plot {
  const chart = makeChart(element);
  let ids: Record<string, string[]> = {};
  chart.on('click', event => {
    const e = event as unknown as PointEvent;
    const id = ids[e.seriesName ?? '']?.[e.dataIndex];
    if (id) context.open(id);
  });

  async function update(): Promise<void> {
    const header = context.store.header;
    if (!header) return;
    const curves = await context.store.loadCurves();
    const groups = new Map<Outcome, Trial[]>();
    let bestTrial: Trial | undefined;
    for (const trial of context.store.list) {
      if (!curves.get(trial.trialId)?.length) continue;
      if (trial.trialId === header.bestTrialId) { bestTrial = trial; continue; }
      const o = outcome(trial);
      (groups.get(o) ?? groups.set(o, []).get(o)!).push(trial);
    }
    ids = {};
    const series: Record<string, unknown>[] = [];
    const stops: Record<string, unknown>[] = [];
    let drawn = 0;
    for (const o of outcomeOrder) {
      const trials = groups.get(o);
      if (!trials) continue;
      const name = outcomeLabels[o];
      // A polyline needs two points; a trial cut after its first epoch shows as its end marker alone.
      const lined = trials.filter(t => curves.get(t.trialId)!.length > 1);
      ids[name] = lined.map(t => t.trialId);
      drawn += trials.length;
      series.push({
        type: 'lines', name, coordinateSystem: 'cartesian2d', polyline: true, large: trials.length > 2000,
        lineStyle: { color: colors[o], width: 1.2, opacity: o === 'completed' ? 0.45 : 0.7, type: o === 'completed' || o === 'running' ? 'solid' : 'dashed' },
        emphasis: { lineStyle: { width: 3, opacity: 1 } },
        data: lined.map(t => ({ coords: curves.get(t.trialId) })),
        tooltip: { formatter: (p: PointEvent) => tip(ids[name]?.[p.dataIndex]) },
      });
      if (o !== 'completed' && o !== 'running' && o !== 'pending') {
        const stopName = `${name} (end)`;
        ids[stopName] = trials.map(t => t.trialId);
        stops.push({
          type: 'scatter', name: stopName, symbol: symbols[o], symbolSize: 10, z: 4,
          itemStyle: { color: colors[o] }, data: trials.map(t => curves.get(t.trialId)!.at(-1)),
          tooltip: { formatter: (p: PointEvent) => tip(ids[stopName]?.[p.dataIndex]) },
        });
      }
    }
    if (bestTrial && curves.get(bestTrial.trialId)!.length > 1) {
      ids.best = [bestTrial.trialId];
      drawn++;
      series.push({
        type: 'lines', name: 'best', coordinateSystem: 'cartesian2d', polyline: true, z: 6,
        lineStyle: { color: colors.best, width: 3.5, opacity: 1 }, data: [{ coords: curves.get(bestTrial.trialId) }],
        tooltip: { formatter: () => tip(bestTrial!.trialId) },
      });
    }
    // The lines series sizes the axes by a line's first two points only: the extent is given here.
    let maxEpoch = 1;
    let low = Infinity;
    let high = -Infinity;
    for (const points of curves.values()) {
      for (const [e, v] of points) {
        maxEpoch = Math.max(maxEpoch, e);
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
    }
    const pad = Number.isFinite(low) ? Math.max((high - low) * 0.04, 1e-9) : 0;
    chart.setOption({
      textStyle: baseTextStyle,
      animation: false,
      grid: { left: 70, right: 30, top: 40, bottom: 78 },
      legend: { top: 4, data: [...series.map(s => s.name as string)], textStyle: { color: colors.muted } },
      tooltip: { ...tooltipBase, trigger: 'item' },
      xAxis: axis('epoch', false, { minInterval: 1, min: 1, max: maxEpoch }),
      yAxis: axis(header.metric, false, { nameGap: 50, ...(Number.isFinite(low) ? { min: low - pad, max: high + pad } : {}) }),
      dataZoom: [...zoom, { type: 'inside', yAxisIndex: 0, filterMode: 'none' }],
      series: [...series, ...stops],
    }, { replaceMerge: ['series'] });
    markDrawn(element, drawn);
  }

  function tip(id: string | undefined): HTMLElement | string {
    const trial = id ? context.store.trials.get(id) : undefined;
    if (!trial) return '';
    return trialTooltip(trial, context.store.header?.metric ?? 'objective', [['epochs', String(trial.epochs)], ...(trial.reason ? [['why it ended', trial.reason] as [string, string]] : [])]);
  }

  void update();
  return { update, dispose: () => chart.dispose() };
}
