// Parameter importance by functional ANOVA over a random forest (computed on the node and cached per result).

import { api } from '../api';
import { baseTextStyle, makeChart, markDrawn, tooltipBase, type Plot } from '../charts';
import { h, replace } from '../dom';
import { colors } from '../style';
import type { PlotContext, PointEvent } from './context';

export function importancePlot(element: HTMLElement, context: PlotContext): Plot {
  const canvas = h('div', { class: 'plot-canvas', style: 'height: 420px' });
  const note = h('p', { class: 'plot-note' });
  replace(element, canvas, note);
  const chart = makeChart(canvas);
  let last = -1;

  async function update(): Promise<void> {
    const header = context.store.header;
    if (!header) return;
    const completed = header.counts.completed;
    if (completed === last) return;
    last = completed;
    const result = await api.importance(header.searchId);
    if (!result || result.parameters.length === 0) {
      chart.clear();
      replace(note, 'Importance needs at least 5 completed trials.');
      markDrawn(canvas, 0);
      return;
    }
    const rows = [...result.parameters].reverse();
    const height = Math.max(260, 60 + rows.length * 34);
    if (canvas.style.height !== `${height}px`) {
      canvas.style.height = `${height}px`;
      chart.resize();
    }
    chart.setOption({
      textStyle: baseTextStyle,
      animation: false,
      grid: { left: 160, right: 60, top: 10, bottom: 40 },
      xAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%`, color: colors.muted }, splitLine: { lineStyle: { color: colors.grid } } },
      yAxis: { type: 'category', data: rows.map(r => r.name), axisLabel: { color: colors.text, fontSize: 13 } },
      tooltip: {
        ...tooltipBase, trigger: 'item',
        formatter: (p: PointEvent) => {
          const r = rows[p.dataIndex]!;
          return h('div', { class: 'tip' }, h('div', { class: 'tip-title' }, r.name),
            h('div', null, `importance ${(r.importance * 100).toFixed(1)}%`),
            h('div', null, `explains ${(r.varianceShare * 100).toFixed(1)}% of the variance alone`));
        },
      },
      series: [{
        type: 'bar', data: rows.map(r => r.importance), barMaxWidth: 22,
        itemStyle: { color: colors.completed, borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', formatter: (p: { value: number }) => `${(p.value * 100).toFixed(1)}%`, color: colors.muted },
      }],
    }, { notMerge: true });
    const share = result.parameters.reduce((s, p) => s + p.varianceShare, 0);
    replace(note, `Functional ANOVA over a random forest fitted to ${result.trials} completed trials (Hutter et al., 2014). `
      + `Main effects explain ${(share * 100).toFixed(0)}% of the objective's variance; interactions between parameters the rest.`);
    markDrawn(canvas, rows.length);
  }

  void update();
  return { update, dispose: () => chart.dispose() };
}
