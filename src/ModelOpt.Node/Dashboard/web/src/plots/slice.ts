// Slice plots: the objective against each parameter, one panel each, darker for later trials. The x axis is
// logarithmic only where the spec says `log`; categorical values get their own positions with a little spread.
// Each panel's points come as a few series of one colour and marker each (a stop's outcome, or a band of trial numbers
// shaded alike), so thousands of points are drawn as one path a series (ECharts' large mode) instead of one element
// each: at 10,000 trials, per-point colour and marker callbacks took the tab seconds.

import { baseTextStyle, jitter, makeChart, markDrawn, tooltipBase, trialTooltip, type Plot } from '../charts';
import type { ParameterInfo, Trial } from '../api';
import { num } from '../format';
import { colors, outcome, symbols, type Outcome } from '../style';
import type { PlotContext, PointEvent } from './context';

const panelHeight = 250;
/** Bands of trial numbers shaded alike: more than the eye tells apart in a scatter. */
const shades = 12;
const largeAbove = 2000;

export function slicePlot(element: HTMLElement, context: PlotContext): Plot {
  const chart = makeChart(element);
  let ids: string[][] = [];
  chart.on('click', event => {
    const e = event as unknown as PointEvent;
    const id = ids[e.seriesIndex ?? -1]?.[e.dataIndex];
    if (id) context.open(id);
  });

  function update(): void {
    const header = context.store.header;
    if (!header) return;
    const parameters = header.parameters.filter(p => p.kind !== 'constant');
    const trials = context.store.list.filter(t => (t.status === 'completed' || t.status === 'stopped') && t.objective !== null && t.objective !== undefined);
    const columns = Math.min(3, Math.max(1, parameters.length));
    const rows = Math.ceil(parameters.length / columns);
    const height = Math.max(1, rows) * panelHeight + 40;
    if (element.style.height !== `${height}px`) {
      element.style.height = `${height}px`;
      chart.resize();
    }
    const width = 100 / columns;
    const grids = parameters.map((_, i) => ({
      left: `${(i % columns) * width + 6}%`, width: `${width - 9}%`,
      top: Math.floor(i / columns) * panelHeight + 40, height: panelHeight - 90,
    }));
    ids = [];
    const latest = trials.reduce((m, t) => Math.max(m, t.number), 1);
    const looks = groups(trials, latest);
    // Every series of a big search: its bands of completed trials are small each, but thousands together.
    const large = trials.length > largeAbove;
    const series = parameters.flatMap((p, i) => looks.flatMap(look =>
      chunks(look.trials.filter(t => t.config[p.name] !== undefined)).map(points => {
        const pointIds = points.map(t => t.trialId);
        ids.push(pointIds);
        return {
          type: 'scatter', name: p.name, xAxisIndex: i, yAxisIndex: i, symbolSize: 7, symbol: symbols[look.outcome],
          large, largeThreshold: 1,
          data: points.map(t => [x(p, t), t.objective]),
          itemStyle: { opacity: 0.85, color: look.color },
          tooltip: { formatter: (params: PointEvent) => tip(pointIds[params.dataIndex]) },
        };
      })));
    chart.setOption({
      textStyle: baseTextStyle,
      animation: false,
      title: parameters.map((p, i) => ({
        text: p.log ? `${p.name} (log)` : p.name, textStyle: { fontSize: 13, fontWeight: 600, color: colors.text },
        left: `${(i % columns) * width + 6}%`, top: Math.floor(i / columns) * panelHeight + 12,
      })),
      grid: grids,
      xAxis: parameters.map((p, i) => xAxis(p, i)),
      yAxis: parameters.map((_, i) => ({
        gridIndex: i, type: 'value', scale: true, axisLine: { onZero: false },
        splitLine: { lineStyle: { color: colors.grid } }, axisLabel: { color: colors.muted, formatter: (v: number) => num(v, 3) },
      })),
      tooltip: { ...tooltipBase, trigger: 'item' },
      series,
    }, { replaceMerge: ['series', 'xAxis', 'yAxis', 'grid', 'title'] });
    markDrawn(element, trials.length);
  }

  function tip(id: string | undefined): HTMLElement | string {
    const trial = id ? context.store.trials.get(id) : undefined;
    return trial ? trialTooltip(trial, context.store.header?.metric ?? 'objective') : '';
  }

  update();
  return { update, dispose: () => chart.dispose() };
}

function x(p: ParameterInfo, t: Trial): number {
  const v = t.config[p.name]!;
  if (p.kind === 'categorical') return Math.max(0, (p.choices ?? []).map(String).indexOf(String(v))) + jitter(t.number);
  return Number(v);
}

function xAxis(p: ParameterInfo, gridIndex: number): Record<string, unknown> {
  const common = {
    gridIndex, nameLocation: 'middle', nameGap: 28, axisLine: { onZero: false }, splitLine: { lineStyle: { color: colors.grid } },
    axisLabel: { color: colors.muted, hideOverlap: true },
  };
  if (p.kind === 'categorical') {
    const names = (p.choices ?? []).map(String);
    return {
      ...common, type: 'value', min: -0.5, max: names.length - 0.5, interval: 1,
      axisLabel: { ...common.axisLabel, hideOverlap: false, width: 90, overflow: 'truncate', formatter: (v: number) => names[Math.round(v)] ?? '' },
    };
  }
  return {
    ...common, type: p.log ? 'log' : 'value', min: p.low ?? undefined, max: p.high ?? undefined,
    axisLabel: { ...common.axisLabel, formatter: (v: number) => num(v, 3) },
  };
}

/** A large series' marks are one canvas path; Chromium draws several paths of a thousand marks faster than one of thousands. */
function chunks<T>(list: T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** One colour and marker for a set of trials. */
interface Look {
  outcome: Outcome;
  color: string;
  trials: Trial[];
}

/**
 * The trials by look: stops first, in the colour of who stopped them; then completed trials by band of trial number,
 * later bands darker (as in Optuna's slice plot) and drawn on top.
 */
function groups(trials: Trial[], latest: number): Look[] {
  const stops = new Map<Outcome, Trial[]>();
  const bands: Trial[][] = Array.from({ length: shades }, () => []);
  for (const trial of trials) {
    const o = outcome(trial);
    if (o === 'completed') bands[Math.min(shades - 1, Math.floor((trial.number / latest) * shades))]!.push(trial);
    else (stops.get(o) ?? stops.set(o, []).get(o)!).push(trial);
  }
  return [
    ...[...stops].map(([o, list]) => ({ outcome: o, color: colors[o], trials: list })),
    ...bands.map((list, band) => ({ outcome: 'completed' as Outcome, color: shade((band + 1) / shades), trials: list })),
  ].filter(look => look.trials.length > 0);
}

/** From light (early) to dark (late) for a lateness in (0, 1]. */
function shade(lateness: number): string {
  const t = 0.25 + 0.75 * lateness;
  const from = [200, 214, 240];
  const to = [16, 42, 107];
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
