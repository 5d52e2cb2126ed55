// Empirical distribution of the objective over the completed trials: how often a trial reached at most (or at least)
// a value.

import { axis, baseTextStyle, makeChart, markDrawn, tooltipBase, zoom, type Plot } from '../charts';
import { num } from '../format';
import { colors } from '../style';
import type { PlotContext, PointEvent } from './context';

export function edfPlot(element: HTMLElement, context: PlotContext): Plot {
  const chart = makeChart(element);

  function update(): void {
    const header = context.store.header;
    if (!header) return;
    const values = context.store.list.filter(t => t.status === 'completed' && t.objective != null).map(t => t.objective as number).sort((a, b) => a - b);
    const points = values.map((v, i) => [v, (i + 1) / values.length]);
    chart.setOption({
      textStyle: baseTextStyle,
      animation: false,
      grid: { left: 70, right: 30, top: 30, bottom: 78 },
      tooltip: { ...tooltipBase, trigger: 'axis', formatter: (ps: PointEvent[]) => {
        const p = ps[0];
        if (!p) return '';
        const [v, f] = p.value as [number, number];
        return `${(f * 100).toFixed(1)}% of completed trials reached ${header.metric} ≤ ${num(v)}`;
      } },
      xAxis: axis(header.metric),
      yAxis: axis('cumulative share of trials', false, { min: 0, max: 1, nameGap: 45, axisLabel: { color: colors.muted, formatter: (v: number) => `${Math.round(v * 100)}%` } }),
      dataZoom: zoom,
      series: [{ type: 'line', step: 'end', symbol: 'none', data: points, lineStyle: { color: colors.completed, width: 2.5 }, areaStyle: { color: 'rgba(56,103,214,0.08)' } }],
    }, { replaceMerge: ['series'] });
    markDrawn(element, values.length);
  }

  update();
  return { update, dispose: () => chart.dispose() };
}
