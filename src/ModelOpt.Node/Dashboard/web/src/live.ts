// One search as the page knows it: the header and every trial (without curves), kept current by a server-sent event
// stream of deltas (only trials that changed since the version the page holds), plus the objective's curves, fetched
// incrementally when a plot asks for them.

import { api, parseDelta, type CurveBandPoint, type SearchDelta, type SearchHeader, type Trial } from './api';

export type Listener = () => void;

export class SearchStore {
  header: SearchHeader | null = null;
  readonly trials = new Map<string, Trial>();
  /** Trials by number; rebuilt lazily after a change. */
  private ordered: Trial[] | null = null;
  version = 0;
  /** Bumped on every applied change, so views can tell whether to redo work. */
  revision = 0;
  readonly curves = new Map<string, [number, number][]>();
  /** Set when the search has more curves than are sent: how many, the other early stops' markers, and the band. */
  curvesSample: { total: number; ends: Record<string, [number, number]>; band: CurveBandPoint[] } | null = null;
  private curvesVersion = 0;
  private curvesRevision = -1;
  private source: EventSource | null = null;
  private readonly listeners = new Set<Listener>();
  private closed = false;

  constructor(readonly searchId: string) {}

  async start(): Promise<void> {
    this.apply(await api.search(this.searchId, 0));
    this.connect();
  }

  close(): void {
    this.closed = true;
    this.source?.close();
    this.source = null;
    this.listeners.clear();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get list(): Trial[] {
    if (!this.ordered) this.ordered = [...this.trials.values()].sort((a, b) => a.number - b.number || (a.trialId < b.trialId ? -1 : 1));
    return this.ordered;
  }

  /** The objective's per-epoch values of every trial (or of a sample, see curvesSample), current as of the latest change. */
  async loadCurves(): Promise<Map<string, [number, number][]>> {
    if (this.curvesRevision === this.revision) return this.curves;
    const revision = this.revision;
    const delta = await api.curves(this.searchId, this.curvesVersion);
    if (delta.full) this.curves.clear();
    this.curvesSample = delta.ends && delta.band ? { total: delta.total, ends: delta.ends, band: delta.band } : null;
    for (const [trialId, points] of Object.entries(delta.curves)) this.curves.set(trialId, points);
    this.curvesVersion = delta.version;
    this.curvesRevision = revision;
    return this.curves;
  }

  /** Re-reads the whole search at once (after an action, so its effect shows without waiting for the stream). */
  async refresh(): Promise<void> {
    this.apply(await api.search(this.searchId, this.version));
  }

  private connect(): void {
    if (this.closed) return;
    const source = new EventSource(api.liveUrl(this.searchId, this.version));
    source.addEventListener('update', event => this.apply(parseDelta((event as MessageEvent<string>).data)));
    source.addEventListener('error', () => {
      // The browser reconnects by itself (sending the last event id); a closed stream (e.g. signed out) is reopened later.
      if (source.readyState === EventSource.CLOSED && !this.closed) window.setTimeout(() => this.connect(), 3000);
    });
    this.source = source;
  }

  private apply(delta: SearchDelta): void {
    if (delta.version <= this.version && !delta.full && this.header) return;
    if (delta.full) this.trials.clear();
    for (const trial of delta.trials) this.trials.set(trial.trialId, trial);
    this.header = delta.search;
    this.version = delta.version;
    this.ordered = null;
    this.revision++;
    for (const listener of [...this.listeners]) listener();
  }
}
