// Several searches' histories on one plot: pick the searches, see their best-so-far curves side by side.

import { api, type SearchSummary } from '../api';
import type { Plot } from '../charts';
import { h, replace } from '../dom';
import { comparePlot, type ComparedSearch } from '../plots/compare';
import { go, links } from '../router';
import type { View } from '../view';
import { trialNumber } from '../api';

export function compareView(ids: string[]): View {
  const picker = h('div', { class: 'card picker' });
  const canvas = h('div', { class: 'plot-canvas', 'data-plot': 'compare' });
  const note = h('p', { class: 'plot-note' });
  const element = h('section', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', null, 'Compare searches')), picker, h('div', { class: 'card plot-card' }, canvas, note));
  let plot: Plot | null = null;

  async function load(): Promise<void> {
    const searches: SearchSummary[] = await api.searches();
    replace(picker, h('h2', null, 'Searches'), h('div', { class: 'checks' }, ...searches.map(s => {
      const box = h('input', { type: 'checkbox', checked: ids.includes(s.searchId) });
      box.addEventListener('change', () => go(links.compare(box.checked ? [...ids, s.searchId] : ids.filter(i => i !== s.searchId))));
      return h('label', { class: 'check' }, box, ` ${s.name} `, h('span', { class: 'subtle mono' }, s.searchId));
    })));
    const chosen: ComparedSearch[] = await Promise.all(ids.map(async id => {
      const delta = await api.search(id, 0);
      return { header: delta.search, trials: delta.trials.sort((a, b) => trialNumber(a.trialId) - trialNumber(b.trialId)) };
    }));
    plot?.dispose();
    plot = comparePlot(canvas, chosen);
    const metrics = new Set(chosen.map(c => c.header.metric));
    replace(note, chosen.length === 0 ? 'Tick searches above to compare their histories.'
      : metrics.size > 1 ? `These searches optimize different metrics (${[...metrics].join(', ')}): compare their shapes, not their values.`
        : 'The best completed trial so far of each search, by trial number.');
    element.dataset.ready = 'true';
  }

  void load();
  return { element, dispose: () => plot?.dispose() };
}
