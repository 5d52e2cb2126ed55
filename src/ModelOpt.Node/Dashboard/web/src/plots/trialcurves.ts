// One trial's metrics per epoch, one small panel per metric.

import { baseTextStyle, makeChart, markDrawn, tooltipBase, type Plot } from '../charts';
import type { Trial } from '../api';
import { num } from '../format';
import { colors } from '../style';

export function trialCurvesPlot(element: HTMLElement, trial: Trial, objective: string): Plot {
  const chart = makeChart(element);
  const metrics = [...new Set(trial.curve.flatMap(r => Object.keys(r.metrics)))].sort((a, b) => (a === objective ? -1 : b === objective ? 1 : a.localeCompare(b)));
  const columns = Math.min(3, Math.max(1, metrics.length));
  const rows = Math.ceil(metrics.length / columns);
  const panel = 220;
  element.style.height = `${Math.max(1, rows) * panel + 20}px`;
  chart.resize();
  const width = 100 / columns;
  chart.setOption({
    textStyle: baseTextStyle,
    animation: false,
    title: metrics.map((m, i) => ({ text: m, left: `${(i % columns) * width + 5}%`, top: Math.floor(i / columns) * panel + 4, textStyle: { fontSize: 13, fontWeight: 600, color: m === objective ? colors.best : colors.text } })),
    grid: metrics.map((_, i) => ({ left: `${(i % columns) * width + 7}%`, width: `${width - 11}%`, top: Math.floor(i / columns) * panel + 36, height: panel - 80 })),
    xAxis: metrics.map((_, i) => ({ gridIndex: i, type: 'value', minInterval: 1, name: 'epoch', nameLocation: 'middle', nameGap: 24, axisLabel: { color: colors.muted }, splitLine: { lineStyle: { color: colors.grid } } })),
    yAxis: metrics.map((_, i) => ({ gridIndex: i, type: 'value', scale: true, axisLabel: { color: colors.muted, formatter: (v: number) => num(v, 3) }, splitLine: { lineStyle: { color: colors.grid } } })),
    tooltip: { ...tooltipBase, trigger: 'axis', padding: 8 },
    series: metrics.map((m, i) => ({
      type: 'line', name: m, xAxisIndex: i, yAxisIndex: i, symbolSize: 5, showSymbol: trial.curve.length <= 40,
      lineStyle: { width: 2, color: m === objective ? colors.best : colors.completed }, itemStyle: { color: m === objective ? colors.best : colors.completed },
      data: trial.curve.filter(r => r.metrics[m] !== undefined).map(r => [r.epoch, r.metrics[m]]),
    })),
  }, { notMerge: true });
  markDrawn(element, trial.curve.length);
  return { update: () => undefined, dispose: () => chart.dispose() };
}
