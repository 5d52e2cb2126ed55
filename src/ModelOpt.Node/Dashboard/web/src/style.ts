// Colours and markers shared by every plot and table, so a stop by the scheduler, a user or a cancellation looks the
// same everywhere.

import type { Trial } from './api';

export const colors = {
  completed: '#3867d6',
  running: '#20a464',
  pending: '#9aa5b1',
  scheduler: '#f0932b',
  user: '#8854d0',
  cancel: '#778ca3',
  failed: '#e74c3c',
  best: '#0b8a4c',
  requeued: '#c0a16b',
  exploited: '#45aaf2',
  grid: '#e6e9ef',
  text: '#2d3436',
  muted: '#6b7785',
};

export type Outcome = 'completed' | 'running' | 'pending' | 'scheduler' | 'user' | 'cancel' | 'failed';

export const outcomeLabels: Record<Outcome, string> = {
  completed: 'completed',
  running: 'running',
  pending: 'pending',
  scheduler: 'stopped by scheduler',
  user: 'stopped by user',
  cancel: 'stopped by cancel',
  failed: 'failed',
};

/** ECharts symbols: a stop's marker says who stopped it. */
export const symbols: Record<Outcome, string> = {
  completed: 'circle',
  running: 'circle',
  pending: 'circle',
  scheduler: 'triangle',
  user: 'diamond',
  cancel: 'rect',
  failed: 'path://M2,0 L5,3 L8,0 L10,2 L7,5 L10,8 L8,10 L5,7 L2,10 L0,8 L3,5 L0,2 Z',
};

export function outcome(trial: Trial): Outcome {
  if (trial.status === 'stopped') return trial.stoppedBy ?? 'scheduler';
  return trial.status;
}

export const outcomeOrder: Outcome[] = ['completed', 'scheduler', 'user', 'cancel', 'failed', 'running', 'pending'];
