// Parallel coordinates: one axis per parameter (log where the spec says log, categories for categorical parameters)
// and the objective last, one line per completed trial coloured by its objective. Drag along an axis to filter.

import { baseTextStyle, makeChart, markDrawn, tooltipBase, trialTooltip, type Plot } from '../charts';
import { h } from '../dom';
import { num } from '../format';
import { colors } from '../style';
import type { PlotContext, PointEvent } from './context';

const absent = '(absent)';

export function parallelPlot(element: HTMLElement, context: PlotContext): Plot {
  const chart = makeChart(element);
  let ids: string[] = [];
  chart.on('click', event => {
    const id = ids[(event as unknown as PointEvent).dataIndex];
    if (id) context.open(id);
  });

  function update(): void {
    const header = context.store.header;
    if (!header) return;
    const parameters = header.parameters.filter(p => p.kind !== 'constant');
    const trials = context.store.list.filter(t => t.status === 'completed' && t.objective !== null && t.objective !== undefined);
    ids = trials.map(t => t.trialId);
    const axes = parameters.map((p, dim) => {
      if (p.kind === 'categorical') {
        const data = (p.choices ?? []).map(String);
        if (p.conditional) data.push(absent);
        return { dim, name: p.name, type: 'category', data };
      }
      return { dim, name: p.name, type: p.log ? 'log' : 'value', scale: true, min: p.low ?? undefined, max: p.high ?? undefined };
    });
    axes.push({ dim: parameters.length, name: header.metric, type: 'value', scale: true, min: undefined, max: undefined });
    const values = trials.map(t => t.objective as number);
    const low = Math.min(...values);
    const high = Math.max(...values);
    chart.setOption({
      textStyle: baseTextStyle,
      animation: false,
      parallel: {
        left: 60, right: 150, top: 50, bottom: 40,
        parallelAxisDefault: {
          nameLocation: 'start', nameGap: 18, nameTextStyle: { color: colors.text, fontSize: 12, fontWeight: 600 },
          axisLabel: { color: colors.muted, hideOverlap: true }, axisLine: { lineStyle: { color: '#b7c0cc' } },
          areaSelectStyle: { width: 18, opacity: 0.25 },
        },
      },
      parallelAxis: axes,
      visualMap: {
        type: 'continuous', dimension: parameters.length, min: low, max: high, calculable: true, right: 16, top: 'middle', formatter: (v: number) => num(v, 3),
        itemHeight: 180, text: [header.mode === 'max' ? 'best' : 'worst', header.mode === 'max' ? 'worst' : 'best'],
        inRange: { color: header.mode === 'max' ? ['#d4e4fa', '#3867d6', '#102a6b'] : ['#102a6b', '#3867d6', '#d4e4fa'] },
        textStyle: { color: colors.muted },
      },
      tooltip: { ...tooltipBase, trigger: 'item', formatter: (p: PointEvent) => tip(ids[p.dataIndex]) },
      series: [{
        type: 'parallel', name: 'trials', smooth: false, progressive: 2000,
        lineStyle: { width: 1.2, opacity: 0.55 }, emphasis: { lineStyle: { width: 3, opacity: 1 } }, inactiveOpacity: 0.04,
        data: trials.map(t => [
          ...parameters.map(p => {
            const v = t.config[p.name];
            if (v === undefined) return p.kind === 'categorical' ? absent : null;
            return p.kind === 'categorical' ? String(v) : v;
          }),
          t.objective,
        ]),
      }],
    }, { replaceMerge: ['series', 'parallelAxis'] });
    markDrawn(element, trials.length);
    if (trials.length === 0) element.dataset.empty = 'no completed trial yet';
  }

  function tip(id: string | undefined): HTMLElement | string {
    const trial = id ? context.store.trials.get(id) : undefined;
    return trial ? trialTooltip(trial, context.store.header?.metric ?? 'objective') : h('span');
  }

  update();
  return { update, dispose: () => chart.dispose() };
}
