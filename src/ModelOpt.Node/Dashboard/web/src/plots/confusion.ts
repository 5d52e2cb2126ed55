// A confusion matrix: counts, coloured by each actual class's share (rows sum to 1).

import { baseTextStyle, makeChart, markDrawn, tooltipBase, type Plot } from '../charts';
import { colors } from '../style';
import type { ConfusionMatrix } from '../api';
import type { PointEvent } from './context';

export function confusionPlot(element: HTMLElement, matrix: ConfusionMatrix): Plot {
  const chart = makeChart(element);
  const n = matrix.classes.length;
  const side = Math.min(720, Math.max(320, 60 + n * 48));
  element.style.height = `${side}px`;
  element.style.maxWidth = `${side + 140}px`;
  chart.resize();
  const cells: [number, number, number, number][] = [];
  matrix.counts.forEach((row, actual) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((count, predicted) => cells.push([predicted, actual, count / total, count]));
  });
  chart.setOption({
    textStyle: baseTextStyle,
    animation: false,
    grid: { left: 90, right: 90, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: matrix.classes, name: 'predicted', nameLocation: 'middle', nameGap: 34, axisLabel: { color: colors.text }, splitArea: { show: false } },
    yAxis: { type: 'category', data: matrix.classes, name: 'actual', nameLocation: 'middle', nameGap: 60, inverse: true, axisLabel: { color: colors.text } },
    visualMap: { min: 0, max: 1, dimension: 2, calculable: false, right: 8, top: 'middle', itemHeight: 160, inRange: { color: ['#f5f8fe', '#9bb6ee', '#3867d6', '#112d78'] }, text: ['share of row', ''], textStyle: { color: colors.muted } },
    tooltip: {
      ...tooltipBase, padding: 8, trigger: 'item',
      formatter: (p: PointEvent) => {
        const [pred, act, share, count] = p.value as [number, number, number, number];
        return `actual ${matrix.classes[act]}, predicted ${matrix.classes[pred]}: ${count} (${(share * 100).toFixed(1)}% of the row)`;
      },
    },
    series: [{
      type: 'heatmap', data: cells,
      label: { show: n <= 15, formatter: (p: { value: [number, number, number, number] }) => String(p.value[3]), fontSize: 11, color: '#10203a' },
      itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
    }],
  }, { notMerge: true });
  markDrawn(element, cells.length);
  return { update: () => undefined, dispose: () => chart.dispose() };
}
