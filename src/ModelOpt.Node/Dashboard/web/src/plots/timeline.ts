// Per-slot timeline: which worker slot ran which trial's attempt, from when to when, and how it ended. Earlier
// attempts (requeued after a lost worker, or restarted by PBT) show where they ran too.

import { baseTextStyle, makeChart, markDrawn, tooltipBase, zoom, type Plot } from '../charts';
import type { Trial } from '../api';
import { h } from '../dom';
import { duration, time } from '../format';
import { colors, outcome, outcomeLabels } from '../style';
import type { PlotContext, PointEvent } from './context';

interface Bar {
  trial: Trial;
  attempt: number;
  slot: string;
  start: number;
  end: number;
  color: string;
  label: string;
  reason: string | null | undefined;
  running: boolean;
}

/** `akka.tcp://modelopt@10.0.0.5:4053` → `10.0.0.5:4053`. */
export function shortNode(node: string | null | undefined): string {
  if (!node) return '?';
  const at = node.lastIndexOf('@');
  return at >= 0 ? node.slice(at + 1) : node;
}

const legend: [string, string][] = [
  ['completed', colors.completed], ['stopped by scheduler', colors.scheduler], ['stopped by user', colors.user], ['stopped by cancel', colors.cancel],
  ['failed', colors.failed], ['requeued (worker lost, crash)', colors.requeued], ['restarted by PBT', colors.exploited], ['running', colors.running],
];

export function timelinePlot(element: HTMLElement, context: PlotContext): Plot {
  const key = h('div', { class: 'legend' }, ...legend.map(([label, color]) => h('span', { class: 'legend-item' }, h('span', { class: 'swatch', style: `background:${color}` }), label)));
  element.before(key);
  const chart = makeChart(element);
  let bars: Bar[] = [];
  chart.on('click', event => {
    const bar = bars[(event as unknown as PointEvent).dataIndex];
    if (bar) context.open(bar.trial.trialId);
  });

  function update(): void {
    const header = context.store.header;
    if (!header) return;
    const now = Date.parse(header.now);
    bars = [];
    for (const trial of context.store.list) {
      for (const earlier of trial.earlierAttempts ?? []) {
        if (!earlier.startedAt || !earlier.endedAt) continue;
        bars.push({
          trial, attempt: earlier.attempt, slot: `${shortNode(earlier.node)} · ${earlier.device ?? '?'}`,
          start: Date.parse(earlier.startedAt), end: Date.parse(earlier.endedAt),
          color: colors[earlier.end], label: earlier.end, reason: earlier.reason, running: false,
        });
      }
      if (!trial.startedAt || trial.status === 'pending' || !trial.device) continue;
      const o = outcome(trial);
      const end = trial.endedAt ? Date.parse(trial.endedAt) : now;
      bars.push({
        trial, attempt: trial.attempts, slot: `${shortNode(trial.node)} · ${trial.device}`,
        start: Date.parse(trial.startedAt), end: Math.max(end, Date.parse(trial.startedAt)),
        color: colors[o], label: outcomeLabels[o], reason: trial.reason, running: trial.status === 'running',
      });
    }
    const slots = [...new Set(bars.map(b => b.slot))].sort();
    const slotIndex = new Map(slots.map((s, i) => [s, i]));
    const height = Math.max(260, 90 + slots.length * 28);
    if (element.style.height !== `${height}px`) {
      element.style.height = `${height}px`;
      chart.resize();
    }
    chart.setOption({
      textStyle: baseTextStyle,
      animation: false,
      grid: { left: 190, right: 30, top: 20, bottom: 70 },
      xAxis: { type: 'time', axisLabel: { color: colors.muted, hideOverlap: true }, splitLine: { show: true, lineStyle: { color: colors.grid } } },
      yAxis: { type: 'category', data: slots, inverse: true, axisLabel: { color: colors.text, fontSize: 12 }, axisTick: { show: false } },
      dataZoom: [...zoom, ...(slots.length > 16 ? [{ type: 'slider', yAxisIndex: 0, right: 4, width: 14, filterMode: 'none' }] : [])],
      tooltip: {
        ...tooltipBase, trigger: 'item',
        formatter: (p: PointEvent) => {
          const b = bars[p.dataIndex];
          if (!b) return '';
          return h('div', { class: 'tip' },
            h('div', { class: 'tip-title' }, `trial ${b.trial.trialId} · attempt ${b.attempt}`),
            h('table', null,
              h('tr', null, h('th', null, 'slot'), h('td', null, b.slot)),
              h('tr', null, h('th', null, 'ran'), h('td', null, `${time(new Date(b.start).toISOString())} → ${b.running ? 'now' : time(new Date(b.end).toISOString())}`)),
              h('tr', null, h('th', null, 'for'), h('td', null, duration((b.end - b.start) / 1000))),
              h('tr', null, h('th', null, 'ended'), h('td', null, b.running ? 'still running' : b.label)),
              b.reason ? h('tr', null, h('th', null, 'why'), h('td', null, b.reason)) : null),
            h('div', { class: 'tip-hint' }, 'click to open'));
        },
      },
      series: [{
        type: 'custom', name: 'attempts', encode: { x: [1, 2], y: 0 },
        data: bars.map(b => ({ value: [slotIndex.get(b.slot), b.start, b.end], itemStyle: { color: b.color } })),
        renderItem: (_: unknown, api: { value(i: number): number; coord(p: [number, number]): [number, number]; size(p: [number, number]): [number, number]; style(): Record<string, unknown> }) => {
          const slot = api.value(0);
          const from = api.coord([api.value(1), slot]);
          const to = api.coord([api.value(2), slot]);
          const band = api.size([0, 1])[1] * 0.62;
          return {
            type: 'rect',
            shape: { x: from[0], y: from[1] - band / 2, width: Math.max(2, to[0] - from[0]), height: band, r: 3 },
            style: { ...api.style(), stroke: '#ffffff', lineWidth: 1 },
          };
        },
      }],
    }, { replaceMerge: ['series', 'dataZoom'] });
    markDrawn(element, bars.length);
  }

  update();
  return { update, dispose: () => { key.remove(); chart.dispose(); } };
}
