// The dashboard's typed client over the command API's one JSON shape (camelCase, lower snake_case enum values, plain
// configuration values): the types below mirror docs/schemas. Only `number` is added here, for ordering trials.

export type Value = number | string | boolean;
export type Phase = 'pending' | 'running' | 'completed' | 'stopped' | 'failed';
export type StopKind = 'scheduler' | 'user' | 'cancel';
export type SearchStatus = 'running' | 'finished' | 'cancelled';
export type Mode = 'min' | 'max';

export interface EpochReport { epoch: number; metrics: Record<string, number>; seconds: number }

export interface EndedAttempt {
  attempt: number; node?: string | null; device?: string | null;
  startedAt?: string | null; endedAt?: string | null; end: 'requeued' | 'exploited'; reason: string;
}

export interface Trial {
  trialId: string; number: number; config: Record<string, Value>; status: Phase; attempts: number; epochs: number;
  objective?: number | null; metrics?: Record<string, number> | null; failure?: string | null; reason?: string | null;
  node?: string | null; device?: string | null; curve: EpochReport[]; artifacts?: Record<string, string> | null;
  startedAt?: string | null; endedAt?: string | null; stoppedBy?: StopKind | null; earlierAttempts?: EndedAttempt[] | null;
}

export interface ParameterInfo {
  name: string; kind: 'float' | 'int' | 'categorical' | 'constant';
  low?: number | null; high?: number | null; log: boolean; choices?: Value[] | null; conditional: boolean;
}

export interface Objective { metric: string; mode: Mode }

export interface SearchHeader {
  searchId: string; name: string; status: SearchStatus; reason?: string | null; submittedAt: string; endedAt?: string | null;
  metric: string; mode: Mode; objectives: Objective[]; maxTrials: number; maxConcurrent: number; maxEpochsPerTrial: number;
  bestTrialId?: string | null; paretoTrialIds: string[]; searcher: string; scheduler: string; workload: string;
  parameters: ParameterInfo[]; counts: Record<Phase, number>; now: string;
}

export interface SearchDelta { version: number; full: boolean; search: SearchHeader; trials: Trial[] }

/**
 * Learning curves: those changed since the version asked for, or (a search with more curves than a page draws quickly)
 * a sample of `total` whole, the stop marker of every other trial that ended early, and the band all curves lie in.
 */
export interface CurvesDelta {
  version: number; metric: string; full: boolean; total: number; curves: Record<string, [number, number][]>;
  ends?: Record<string, [number, number]> | null; band?: CurveBandPoint[] | null;
}

/** The 10 %, 50 % and 90 % quantiles of the objective at an epoch over the trials that reported it. */
export interface CurveBandPoint { epoch: number; low: number; median: number; high: number; trials: number }

export interface SearchSummary {
  searchId: string; name: string; status: SearchStatus; submittedAt: string; endedAt?: string | null; metric: string; mode: Mode;
  maxTrials: number; done: number; running: number; best?: number | null; bestTrialId?: string | null; searcher: string; scheduler: string;
}

export interface Importance { trials: number; computedAt: string; parameters: { name: string; importance: number; varianceShare: number }[] }

export interface ContourAxis { name: string; log: boolean; edges?: number[] | null; categories?: string[] | null }
export interface Contour { x: ContourAxis; y: ContourAxis; values: number[][]; trials: number }

export interface ConfusionMatrix { classes: string[]; counts: number[][]; split: string }

/** A trial's page: the trial whole (curve and artifacts included) and its confusion matrix, parsed, if it has one. */
export interface TrialPage { trial: Trial; metric: string; confusion?: ConfusionMatrix | null }

export interface Session { access: 'full' | 'read-only'; csrf: string; mode: 'cluster' | 'journal'; source?: string | null }

export interface Slot { node: string; device: string; status: 'free' | 'granted' | 'running'; draining: boolean; searchId?: string | null; trialId?: string | null }
export interface Member { address: string; status: string; roles: string[]; reachable: boolean }
export interface ClusterInfo { self: string; leader?: string | null; members: Member[] }

export class ApiError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

let csrf = '';

export function setCsrf(token: string): void { csrf = token; }

const base = '/api/v1';

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Mopt-Csrf'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(base + path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? null : JSON.stringify(body),
  });
  if (response.status === 401) {
    window.location.assign('/dashboard/signin');
    throw new ApiError(401, 'signed out');
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, (data && typeof data.message === 'string') ? data.message : `${response.status} ${response.statusText}`);
  return data as T;
}

const id = encodeURIComponent;

export const api = {
  session: () => request<Session>('GET', '/dashboard/session'),
  searches: () => request<SearchSummary[]>('GET', '/dashboard/searches'),
  search: (searchId: string, after: number) =>
    request<SearchDelta>('GET', `/dashboard/searches/${id(searchId)}?after=${after}`).then(normalizeDelta),
  curves: (searchId: string, after: number) => request<CurvesDelta>('GET', `/dashboard/searches/${id(searchId)}/curves?after=${after}`),
  importance: (searchId: string) => request<Importance | null>('GET', `/dashboard/searches/${id(searchId)}/importance`),
  contour: (searchId: string, x: string, y: string) =>
    request<Contour | null>('GET', `/dashboard/searches/${id(searchId)}/contour?x=${id(x)}&y=${id(y)}`),
  trial: (searchId: string, trialId: string) =>
    request<TrialPage>('GET', `/dashboard/searches/${id(searchId)}/trials/${id(trialId)}`).then(p => ({ ...p, trial: normalizeTrial(p.trial) })),
  logs: (searchId: string, trialId: string) =>
    request<{ lines: string[] }>('GET', `/searches/${id(searchId)}/trials/${id(trialId)}/logs`),
  exportUrl: (searchId: string, trialId: string) => `${base}/searches/${id(searchId)}/trials/${id(trialId)}/export`,
  liveUrl: (searchId: string, after: number) => `${base}/dashboard/searches/${id(searchId)}/live?after=${after}`,
  stopSearch: (searchId: string) => request<unknown>('POST', `/searches/${id(searchId)}/stop`),
  resumeSearch: (searchId: string) => request<unknown>('POST', `/searches/${id(searchId)}/resume`),
  stopTrial: (searchId: string, trialId: string) => request<unknown>('POST', `/searches/${id(searchId)}/trials/${id(trialId)}/stop`),
  workers: () => request<Slot[]>('GET', '/workers'),
  cluster: () => request<ClusterInfo>('GET', '/cluster'),
  drain: (node: string, undo: boolean) => request<unknown>('POST', '/workers/drain', { node, undo }),
  signOut: () => fetch('/dashboard/signout', { method: 'POST', headers: { 'X-Mopt-Csrf': csrf }, credentials: 'same-origin' }),
};

export function trialNumber(trialId: string): number {
  const digits = trialId.replace(/\D+/g, '');
  return digits ? Number(digits) : 0;
}

export function normalizeTrial(raw: Trial): Trial {
  return { ...raw, number: trialNumber(raw.trialId), curve: raw.curve ?? [] };
}

function normalizeDelta(raw: SearchDelta): SearchDelta {
  return { ...raw, trials: raw.trials.map(normalizeTrial) };
}

export function parseDelta(text: string): SearchDelta {
  return normalizeDelta(JSON.parse(text) as SearchDelta);
}
