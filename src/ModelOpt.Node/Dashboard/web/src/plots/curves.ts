// Learning curves: the objective per epoch of every trial, the best trial thick, each stopped or failed trial ending in
// the marker of who stopped it. A search with more curves than a browser draws in a moment comes as a sample (the best,
// every running trial, an even sample of the rest), the stop markers of all other early stops, and the band of all.

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
    const sample = context.store.curvesSample;
    const groups = new Map<Outcome, Trial[]>();
    let bestTrial: Trial | undefined;
    // Stop markers of trials not drawn as curves (a sampled search), by outcome.
    const ended = new Map<Outcome, Trial[]>();
    for (const trial of context.store.list) {
      if (sample?.ends[trial.trialId]) {
        const o = outcome(trial);
        (ended.get(o) ?? ended.set(o, []).get(o)!).push(trial);
        continue;
      }
      if (!curves.get(trial.trialId)?.length) continue;
      if (trial.trialId === header.bestTrialId) { bestTrial = trial; continue; }
      const o = outcome(trial);
      (groups.get(o) ?? groups.set(o, []).get(o)!).push(trial);
    }
    ids = {};
    const series: Record<string, unknown>[] = [];
    const stops: Record<string, unknown>[] = [];
    let drawn = 0;
    const end = (t: Trial): [number, number] | undefined => curves.get(t.trialId)?.at(-1) ?? sample?.ends[t.trialId];
    for (const o of outcomeOrder) {
      const trials = groups.get(o) ?? [];
      const others = ended.get(o) ?? [];
      if (!trials.length && !others.length) continue;
      const name = outcomeLabels[o];
      // A polyline needs two points; a trial cut after its first epoch shows as its end marker alone.
      const lined = trials.filter(t => curves.get(t.trialId)!.length > 1);
      ids[name] = lined.map(t => t.trialId);
      drawn += trials.length + others.length;
      if (trials.length) series.push({
        type: 'lines', name, coordinateSystem: 'cartesian2d', polyline: true, large: trials.length > 2000,
        lineStyle: { color: colors[o], width: 1.2, opacity: o === 'completed' ? 0.45 : 0.7, type: o === 'completed' || o === 'running' ? 'solid' : 'dashed' },
        emphasis: { lineStyle: { width: 3, opacity: 1 } },
        data: lined.map(t => ({ coords: curves.get(t.trialId) })),
        tooltip: { formatter: (p: PointEvent) => tip(ids[name]?.[p.dataIndex]) },
      });
      if (o !== 'completed' && o !== 'running' && o !== 'pending') {
        const stopName = `${name} (end)`;
        const stopped = [...trials, ...others];
        ids[stopName] = stopped.map(t => t.trialId);
        stops.push({
          // Thousands of markers are drawn as one path (ECharts' large mode); hover and click still find the trial.
          type: 'scatter', name: stopName, symbol: symbols[o], symbolSize: stopped.length > 2000 ? 6 : 10, z: 4, large: stopped.length > 2000,
          itemStyle: { color: colors[o] }, data: stopped.map(end),
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
    const bands: Record<string, unknown>[] = [];
    if (sample) {
      // The band of all trials' values per epoch: its low edge, then the width stacked on it and filled.
      const band = sample.band;
      const common = { type: 'line', coordinateSystem: 'cartesian2d', showSymbol: false, silent: true, z: 1, tooltip: { show: false } };
      const bandName = `10–90 % of all ${sample.total} trials`;
      bands.push(
        { ...common, name: bandName, stack: 'band', lineStyle: { opacity: 0 }, data: band.map(b => [b.epoch, b.low]) },
        { ...common, name: bandName, stack: 'band', lineStyle: { opacity: 0 }, areaStyle: { color: colors.muted, opacity: 0.18 }, data: band.map(b => [b.epoch, b.high - b.low]) },
        { ...common, name: 'median of all', lineStyle: { color: colors.muted, width: 2, type: 'dotted' }, data: band.map(b => [b.epoch, b.median]) });
    }
    // The lines series sizes the axes by a line's first two points only: the extent is given here.
    let maxEpoch = 1;
    let low = Infinity;
    let high = -Infinity;
    const extend = ([e, v]: [number, number]) => {
      maxEpoch = Math.max(maxEpoch, e);
      low = Math.min(low, v);
      high = Math.max(high, v);
    };
    for (const points of curves.values()) points.forEach(extend);
    if (sample) {
      Object.values(sample.ends).forEach(extend);
      for (const b of sample.band) {
        extend([b.epoch, b.low]);
        extend([b.epoch, b.high]);
      }
    }
    const pad = Number.isFinite(low) ? Math.max((high - low) * 0.04, 1e-9) : 0;
    chart.setOption({
      textStyle: baseTextStyle,
      animation: false,
      grid: { left: 70, right: 30, top: 40, bottom: 78 },
      legend: { top: 4, data: [...new Set([...bands, ...series].map(s => s.name as string))], textStyle: { color: colors.muted } },
      title: {
        show: !!sample, right: 30, bottom: 26, padding: 0, subtextStyle: { color: colors.muted, fontSize: 11 },
        subtext: sample ? `${curves.size} of ${sample.total} curves: the best, an even sample of the rest; every early stop marked` : '',
      },
      tooltip: { ...tooltipBase, trigger: 'item' },
      xAxis: axis('epoch', false, { minInterval: 1, min: 1, max: maxEpoch }),
      yAxis: axis(header.metric, false, { nameGap: 50, ...(Number.isFinite(low) ? { min: low - pad, max: high + pad } : {}) }),
      dataZoom: [...zoom, { type: 'inside', yAxisIndex: 0, filterMode: 'none' }],
      series: [...bands, ...series, ...stops],
    }, { replaceMerge: ['series'] });
    element.dataset.curves = sample ? `${curves.size}/${sample.total}` : String(curves.size);
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
