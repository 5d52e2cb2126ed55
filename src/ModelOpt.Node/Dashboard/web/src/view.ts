import type { Session } from './api';
import type { Route } from './router';

/** A page: its element, whether it can follow a new route in place (a tab change), and its cleanup. */
export interface View {
  element: HTMLElement;
  route?(route: Route): boolean;
  dispose(): void;
}

export interface ViewContext { session: Session }

/** Runs `tick` (now, unless `later`) and then every `ms` milliseconds while the page is visible; returns a stopper. */
export function every(ms: number, tick: () => Promise<void> | void, later = false): () => void {
  let stopped = false;
  let timer = 0;
  const run = async () => {
    if (stopped) return;
    if (document.visibilityState === 'visible') {
      try {
        await tick();
      } catch {
        // A failed refresh is retried on the next tick; the page shows the last good data.
      }
    }
    if (!stopped) timer = window.setTimeout(run, ms);
  };
  if (later) timer = window.setTimeout(run, ms);
  else void run();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
