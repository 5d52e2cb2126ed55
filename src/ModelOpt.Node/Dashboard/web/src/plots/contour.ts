// Contour of a chosen pair of parameters: the random forest's prediction with every other parameter averaged out (the
// pair marginal of the fANOVA analysis), the completed trials on top. Axes are logarithmic where the spec says log.

import { api, type Contour, type ContourAxis, type ParameterInfo, type Trial } from '../api';
import { baseTextStyle, jitter, makeChart, markDrawn, tooltipBase, trialTooltip, type Plot } from '../charts';
import { h, replace } from '../dom';
import { num } from '../format';
import { colors } from '../style';
import type { PlotContext, PointEvent } from './context';

export function contourPlot(element: HTMLElement, context: PlotContext): Plot {
  const controls = h('div', { class: 'plot-controls' });
  const canvas = h('div', { class: 'plot-canvas', style: 'height: 560px' });
  const note = h('p', { class: 'plot-note' });
  replace(element, controls, canvas, note);
  const chart = makeChart(canvas);
  let pair: [string, string] | null = null;
  let trials: Trial[] = [];
  let busy = false;
  chart.on('click', event => {
    const e = event as unknown as PointEvent;
    if (e.seriesIndex === 1 && trials[e.dataIndex]) context.open(trials[e.dataIndex]!.trialId);
  });

  async function choose(): Promise<void> {
    const header = context.store.header!;
    const names = header.parameters.filter(p => p.kind !== 'constant').map(p => p.name);
    if (names.length < 2) {
      replace(note, 'A contour needs two parameters that vary.');
      markDrawn(canvas, 0);
      return;
    }
    if (!pair) {
      const importance = await api.importance(header.searchId).catch(() => null);
      const ranked = importance?.parameters.map(p => p.name).filter(n => names.includes(n)) ?? [];
      const first = ranked[0] ?? names[0]!;
      pair = [first, ranked[1] ?? names.find(n => n !== first)!];
    }
    const select = (index: 0 | 1) => {
      const s = h('select', { 'aria-label': index === 0 ? 'x parameter' : 'y parameter', onchange: () => { pair![index] = s.value; void draw(); } },
        ...names.map(n => h('option', { value: n, selected: n === pair![index] }, n)));
      return s;
    };
    replace(controls, h('label', null, 'x ', select(0)), h('label', null, 'y ', select(1)));
  }

  async function draw(): Promise<void> {
    const header = context.store.header;
    if (!header || !pair || busy) return;
    if (pair[0] === pair[1]) {
      replace(note, 'Choose two different parameters.');
      return;
    }
    busy = true;
    try {
      const contour = await api.contour(header.searchId, pair[0], pair[1]);
      if (!contour) {
        replace(note, 'Not enough completed trials for a model yet (at least 5).');
        chart.clear();
        markDrawn(canvas, 0);
        return;
      }
      render(contour, header.parameters);
      replace(note, `Predicted ${header.metric} (random forest over ${contour.trials} completed trials, other parameters averaged out); dots are the completed trials.`);
    } finally {
      busy = false;
    }
  }

  function render(contour: Contour, parameters: ParameterInfo[]): void {
    const header = context.store.header!;
    const px = parameters.find(p => p.name === contour.x.name)!;
    const py = parameters.find(p => p.name === contour.y.name)!;
    trials = context.store.list.filter(t => t.status === 'completed' && t.objective != null && t.config[px.name] !== undefined && t.config[py.name] !== undefined);
    // Each cell: its indexes, the predicted value, and its center in data coordinates (to project the other axis).
    const cells: [number, number, number, number, number][] = [];
    contour.values.forEach((column, i) => column.forEach((v, j) => cells.push([i, j, v, center(contour.x, i), center(contour.y, j)])));
    const flat = cells.map(c => c[2]);
    const low = Math.min(...flat, ...trials.map(t => t.objective as number));
    const high = Math.max(...flat, ...trials.map(t => t.objective as number));
    const palette = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'];
    chart.setOption({
      textStyle: baseTextStyle,
      animation: false,
      grid: { left: 80, right: 110, top: 20, bottom: 60 },
      xAxis: axisOf(contour.x, px),
      yAxis: axisOf(contour.y, py),
      visualMap: {
        type: 'continuous', min: low, max: high, dimension: 2, seriesIndex: [0, 1], right: 10, top: 'middle', calculable: true, formatter: (v: number) => num(v, 3),
        text: [header.mode === 'max' ? 'best' : 'worst', header.mode === 'max' ? 'worst' : 'best'],
        inRange: { color: header.mode === 'max' ? [...palette].reverse() : palette }, textStyle: { color: colors.muted },
      },
      tooltip: { ...tooltipBase, trigger: 'item' },
      series: [
        {
          type: 'custom', name: 'model', data: cells, silent: false,
          renderItem: (_: unknown, api: RenderApi) => {
            const i = api.value(0);
            const j = api.value(1);
            const [x0, x1] = span(contour.x, i, 'x', api);
            const [y0, y1] = span(contour.y, j, 'y', api);
            return { type: 'rect', shape: { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0) + 0.5, height: Math.abs(y1 - y0) + 0.5 }, style: { fill: api.visual('color') } };
          },
          tooltip: { formatter: (p: PointEvent) => `predicted ${header.metric}: ${num((p.value as number[])[2])}` },
        },
        {
          type: 'scatter', name: 'trials', symbolSize: 8, z: 5,
          itemStyle: { borderColor: '#ffffff', borderWidth: 1.2 },
          data: trials.map(t => [position(contour.x, px, t), position(contour.y, py, t), t.objective]),
          tooltip: { formatter: (p: PointEvent) => trialTooltip(trials[p.dataIndex]!, header.metric) },
        },
      ],
    }, { notMerge: true });
    markDrawn(canvas, cells.length);
  }

  async function update(): Promise<void> {
    if (!context.store.header) return;
    if (!pair) await choose();
    await draw();
  }

  void update();
  return { update, dispose: () => chart.dispose() };
}

interface RenderApi {
  value(dimension: number): number;
  coord(point: [number, number]): [number, number];
  visual(name: string): string;
}

function axisOf(axis: ContourAxis, parameter: ParameterInfo): Record<string, unknown> {
  const common = {
    name: parameter.log ? `${axis.name} (log)` : axis.name, nameLocation: 'middle', nameGap: 32, axisLine: { onZero: false },
    nameTextStyle: { color: colors.muted }, axisLabel: { color: colors.muted, hideOverlap: true }, splitLine: { show: false },
  };
  if (axis.categories) {
    const names = axis.categories;
    return { ...common, type: 'value', min: -0.5, max: names.length - 0.5, interval: 1, axisLabel: { ...common.axisLabel, width: 90, overflow: 'truncate', formatter: (v: number) => names[Math.round(v)] ?? '' } };
  }
  const edges = axis.edges!;
  return { ...common, type: axis.log ? 'log' : 'value', min: edges[0], max: edges[edges.length - 1], axisLabel: { ...common.axisLabel, formatter: (v: number) => num(v, 3) } };
}

/** A cell's extent in pixels along one axis. */
function span(axis: ContourAxis, index: number, which: 'x' | 'y', api: RenderApi): [number, number] {
  const at = (v: number) => which === 'x' ? api.coord([v, axisAnchor(api, 'y')])[0] : api.coord([axisAnchor(api, 'x'), v])[1];
  if (axis.categories) return [at(index - 0.5), at(index + 0.5)];
  return [at(axis.edges![index]!), at(axis.edges![index + 1]!)];
}

/** The cell's center on the other axis (dimensions 3 and 4 of its data), to project one coordinate. */
function axisAnchor(api: RenderApi, other: 'x' | 'y'): number {
  return api.value(other === 'x' ? 3 : 4);
}

function center(axis: ContourAxis, index: number): number {
  if (axis.categories) return index;
  const [a, b] = [axis.edges![index]!, axis.edges![index + 1]!];
  return axis.log ? Math.sqrt(a * b) : (a + b) / 2;
}

function position(axis: ContourAxis, parameter: ParameterInfo, trial: Trial): number {
  const v = trial.config[parameter.name]!;
  if (axis.categories) return Math.max(0, axis.categories.indexOf(String(v))) + jitter(trial.number) * 0.6;
  return Number(v);
}
