// ECharts with only the parts the dashboard draws (tree-shaken by the bundler), and the helpers every plot shares:
// a tooltip built as DOM (never HTML strings of data), click-to-open, and resizing.

import * as echarts from 'echarts/core';
import { BarChart, CustomChart, HeatmapChart, LineChart, LinesChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, ParallelComponent, TitleComponent,
  ToolboxComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ParameterInfo, Trial } from './api';
import { h } from './dom';
import { num, value } from './format';
import { colors } from './style';

echarts.use([
  BarChart, CustomChart, HeatmapChart, LineChart, LinesChart, ParallelChart, ScatterChart,
  DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, ParallelComponent, TitleComponent,
  ToolboxComponent, TooltipComponent, VisualMapComponent, CanvasRenderer,
]);

export { echarts };
export type Chart = echarts.ECharts;
export type Option = echarts.EChartsCoreOption;

/** A plot mounted in an element: redrawn from the store on update, released on dispose. */
export interface Plot {
  update(): void | Promise<void>;
  dispose(): void;
}

const charts = new Set<Chart>();
window.addEventListener('resize', () => charts.forEach(c => c.resize()));

export function makeChart(element: HTMLElement): Chart {
  const chart = echarts.init(element, null, { renderer: 'canvas' });
  charts.add(chart);
  // The browser tests reach a chart through its element (to show a tooltip or find a point's pixel); not enumerable.
  Object.defineProperty(element, 'moptChart', { value: chart, configurable: true });
  const dispose = chart.dispose.bind(chart);
  chart.dispose = () => {
    charts.delete(chart);
    dispose();
  };
  return chart;
}

/** Marks a plot's element as drawn with data (the browser tests and the benchmark read this). */
export function markDrawn(element: HTMLElement, points: number): void {
  element.dataset.points = String(points);
  element.dataset.drawn = 'true';
}

export const baseTextStyle = { fontFamily: 'Inter, "Segoe UI", system-ui, sans-serif', color: colors.text };

export const zoom = [
  { type: 'inside', filterMode: 'none' },
  { type: 'slider', height: 18, bottom: 6, filterMode: 'none', borderColor: colors.grid },
];

export function axis(name: string, log = false, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: log ? 'log' : 'value', name, nameLocation: 'middle', nameGap: 30, scale: true,
    nameTextStyle: { color: colors.muted, fontSize: 12 },
    splitLine: { lineStyle: { color: colors.grid } },
    axisLine: { lineStyle: { color: '#c8ced6' } },
    axisLabel: { color: colors.muted, formatter: (v: number) => num(v, 3) },
    ...extra,
  };
}

/** A tooltip for one trial: its id, outcome, objective and configuration, as DOM nodes. */
export function trialTooltip(trial: Trial, metric: string, extra: [string, string][] = []): HTMLElement {
  const rows: [string, string][] = [
    [metric, num(trial.objective)],
    ...extra,
    ...Object.entries(trial.config).map(([k, v]) => [k, value(v)] as [string, string]),
  ];
  return h('div', { class: 'tip' },
    h('div', { class: 'tip-title' }, `trial ${trial.trialId}`, h('span', { class: `pill pill-${trial.status}` }, trial.stoppedBy ? `stopped · ${trial.stoppedBy}` : trial.status)),
    h('table', null, ...rows.slice(0, 16).map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v)))),
    rows.length > 16 ? h('div', { class: 'tip-more' }, `… ${rows.length - 16} more`) : null,
    h('div', { class: 'tip-hint' }, 'click to open'));
}

export const tooltipBase = {
  confine: true,
  backgroundColor: '#ffffff',
  borderColor: '#d5dbe3',
  padding: 0,
  extraCssText: 'box-shadow: 0 4px 16px rgba(20,30,50,.15); border-radius: 8px;',
};

/** The axis type for a parameter: log only where the spec says log; categories for categorical parameters. */
export function parameterAxisType(parameter: ParameterInfo): 'log' | 'value' | 'category' {
  if (parameter.kind === 'categorical') return 'category';
  return parameter.log ? 'log' : 'value';
}

/** A stable, small horizontal offset for categorical points, so equal values stay visible. */
export function jitter(trialNumber: number): number {
  return (((trialNumber * 2654435761) % 1000) / 1000 - 0.5) * 0.5;
}
