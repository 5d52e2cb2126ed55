// Several searches' best-so-far histories on one plot, by trial number.

import { axis, baseTextStyle, makeChart, markDrawn, tooltipBase, zoom, type Plot } from '../charts';
import type { SearchHeader, Trial } from '../api';
import { num } from '../format';
import { colors } from '../style';

export interface ComparedSearch { header: SearchHeader; trials: Trial[] }

const palette = ['#3867d6', '#eb3b5a', '#20bf6b', '#fa8231', '#8854d0', '#0fb9b1', '#4b6584', '#f7b731'];

export function comparePlot(element: HTMLElement, searches: ComparedSearch[]): Plot {
  const chart = makeChart(element);
  const metrics = [...new Set(searches.map(s => s.header.metric))];
  const series = searches.map((s, i) => {
    const better = (a: number, b: number) => s.header.mode === 'min' ? a < b : a > b;
    let best: number | null = null;
    const data: [number, number][] = [];
    for (const t of s.trials) {
      if (t.status !== 'completed' || t.objective == null) continue;
      if (best === null || better(t.objective, best)) best = t.objective;
      data.push([t.number, best]);
    }
    return {
      type: 'line', name: `${s.header.name} (${s.header.searchId})`, step: 'end', symbol: 'none', data,
      lineStyle: { width: 2.5, color: palette[i % palette.length] }, itemStyle: { color: palette[i % palette.length] },
    };
  });
  chart.setOption({
    textStyle: baseTextStyle,
    animation: false,
    grid: { left: 80, right: 30, top: 60, bottom: 78 },
    legend: { top: 4, type: 'scroll', textStyle: { color: colors.muted } },
    tooltip: {
      ...tooltipBase, padding: 8, trigger: 'axis',
      valueFormatter: (v: number) => num(v),
    },
    xAxis: axis('trial', false, { minInterval: 1 }),
    yAxis: axis(metrics.length === 1 ? `best ${metrics[0]} so far` : 'best objective so far', false, { nameGap: 55 }),
    dataZoom: zoom,
    series,
  }, { notMerge: true });
  markDrawn(element, series.reduce((n, s) => n + s.data.length, 0));
  return { update: () => undefined, dispose: () => chart.dispose() };
}
