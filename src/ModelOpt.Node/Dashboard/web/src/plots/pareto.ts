// Pareto front of a multi-objective search: two of its objectives against each other, the trials no other trial beats
// on every objective highlighted and joined.

import { axis, baseTextStyle, makeChart, markDrawn, tooltipBase, trialTooltip, zoom, type Plot } from '../charts';
import type { Trial } from '../api';
import { h, replace } from '../dom';
import { colors } from '../style';
import type { PlotContext, PointEvent } from './context';

export function paretoPlot(element: HTMLElement, context: PlotContext): Plot {
  const controls = h('div', { class: 'plot-controls' });
  const canvas = h('div', { class: 'plot-canvas', style: 'height: 520px' });
  replace(element, controls, canvas);
  const chart = makeChart(canvas);
  let pair: [string, string] | null = null;
  let groups: Trial[][] = [[], []];
  chart.on('click', event => {
    const e = event as unknown as PointEvent;
    const trial = groups[e.seriesIndex === 1 ? 1 : 0]?.[e.dataIndex];
    if (trial && e.seriesIndex !== 2) context.open(trial.trialId);
  });

  function metricOf(trial: Trial, metric: string): number | undefined {
    return trial.metrics?.[metric] ?? trial.curve.at(-1)?.metrics[metric] ?? (metric === context.store.header?.metric ? trial.objective ?? undefined : undefined);
  }

  function update(): void {
    const header = context.store.header;
    if (!header) return;
    const names = header.objectives.map(o => o.metric);
    if (!pair) {
      pair = [names[0]!, names[1] ?? names[0]!];
      const select = (index: 0 | 1) => {
        const s = h('select', { 'aria-label': index === 0 ? 'x objective' : 'y objective', onchange: () => { pair![index] = s.value; update(); } },
          ...names.map(n => h('option', { value: n, selected: n === pair![index] }, n)));
        return s;
      };
      if (names.length > 2) replace(controls, h('label', null, 'x ', select(0)), h('label', null, 'y ', select(1)));
    }
    const [mx, my] = pair;
    const front = new Set(header.paretoTrialIds);
    const completed = context.store.list.filter(t => t.status === 'completed' && metricOf(t, mx) !== undefined && metricOf(t, my) !== undefined);
    groups = [completed.filter(t => !front.has(t.trialId)), completed.filter(t => front.has(t.trialId))];
    const frontLine = [...groups[1]!].map(t => [metricOf(t, mx)!, metricOf(t, my)!]).sort((a, b) => a[0]! - b[0]!);
    const modeOf = (m: string) => header.objectives.find(o => o.metric === m)?.mode ?? 'min';
    chart.setOption({
      textStyle: baseTextStyle,
      animation: false,
      grid: { left: 80, right: 30, top: 40, bottom: 78 },
      legend: { top: 4, data: ['dominated', 'Pareto front'], textStyle: { color: colors.muted } },
      tooltip: { ...tooltipBase, trigger: 'item' },
      xAxis: axis(`${mx} (${modeOf(mx)})`),
      yAxis: axis(`${my} (${modeOf(my)})`, false, { nameGap: 55 }),
      dataZoom: zoom,
      series: [
        { type: 'scatter', name: 'dominated', symbolSize: 7, itemStyle: { color: '#aab4c3', opacity: 0.8 },
          data: groups[0]!.map(t => [metricOf(t, mx), metricOf(t, my)]), tooltip: { formatter: (p: PointEvent) => trialTooltip(groups[0]![p.dataIndex]!, header.metric) } },
        { type: 'scatter', name: 'Pareto front', symbol: 'diamond', symbolSize: 12, z: 5, itemStyle: { color: colors.best },
          data: groups[1]!.map(t => [metricOf(t, mx), metricOf(t, my)]), tooltip: { formatter: (p: PointEvent) => trialTooltip(groups[1]![p.dataIndex]!, header.metric) } },
        { type: 'line', name: 'front', silent: true, symbol: 'none', lineStyle: { color: colors.best, width: 1.5, type: 'dashed' }, data: frontLine, tooltip: { show: false } },
      ],
    }, { replaceMerge: ['series'] });
    markDrawn(canvas, completed.length);
  }

  update();
  return { update, dispose: () => chart.dispose() };
}
