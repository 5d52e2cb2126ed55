import type { SearchStore } from '../live';

/** What a plot of a search needs besides its element: the search's data, and a way to open a trial's page. */
export interface PlotContext {
  store: SearchStore;
  open(trialId: string): void;
}

/** What ECharts hands to tooltip formatters and click handlers (the part the plots read). */
export interface PointEvent {
  seriesName?: string;
  seriesIndex?: number;
  dataIndex: number;
  data?: unknown;
  value?: unknown;
}
