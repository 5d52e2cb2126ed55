// The searches: status, progress, best, age, searcher and scheduler; tick several to compare their histories.

import { api, type SearchSummary } from '../api';
import { h, replace } from '../dom';
import { ago, duration, num, seconds } from '../format';
import { go, links } from '../router';
import { every, type View } from '../view';

export function searchesView(): View {
  const selected = new Set<string>();
  const compare = h('button', { class: 'btn', disabled: true, onclick: () => go(links.compare([...selected])) }, 'Compare selected');
  const body = h('tbody');
  const count = h('span', { class: 'subtle' });
  const element = h('section', { class: 'page' },
    h('div', { class: 'page-head' }, h('h1', null, 'Searches ', count), compare),
    h('div', { class: 'card' }, h('div', { class: 'table-scroll' }, h('table', { class: 'searches' },
      h('thead', null, h('tr', null, h('th', null, ''), h('th', null, 'search'), h('th', null, 'status'), h('th', null, 'progress'),
        h('th', { class: 'num' }, 'best'), h('th', null, 'objective'), h('th', null, 'searcher'), h('th', null, 'scheduler'),
        h('th', null, 'submitted'), h('th', { class: 'num' }, 'ran for'))),
      body))));

  function render(searches: SearchSummary[]): void {
    replace(count, `(${searches.length})`);
    const now = Date.now();
    replace(body, ...[...searches].reverse().map(s => {
      const box = h('input', { type: 'checkbox', 'aria-label': `compare ${s.searchId}`, checked: selected.has(s.searchId) });
      box.addEventListener('change', () => {
        if (box.checked) selected.add(s.searchId); else selected.delete(s.searchId);
        compare.disabled = selected.size < 1;
      });
      const share = s.maxTrials > 0 ? Math.min(1, s.done / s.maxTrials) : 0;
      const running = s.maxTrials > 0 ? Math.min(1 - share, s.running / s.maxTrials) : 0;
      return h('tr', { 'data-search': s.searchId, onclick: (event: Event) => { if (!(event.target as Element).closest('input, a')) go(links.search(s.searchId)); } },
        h('td', null, box),
        h('td', null, h('a', { href: links.search(s.searchId), class: 'strong' }, s.name), h('div', { class: 'subtle mono' }, s.searchId)),
        h('td', null, h('span', { class: `pill pill-${s.status}` }, s.status)),
        h('td', { class: 'progress-cell' },
          h('div', { class: 'progress', title: `${s.done} of ${s.maxTrials} trials ended, ${s.running} running` },
            h('div', { class: 'progress-done', style: `width:${(share * 100).toFixed(1)}%` }),
            h('div', { class: 'progress-running', style: `width:${(running * 100).toFixed(1)}%` })),
          h('div', { class: 'subtle' }, `${s.done} / ${s.maxTrials}`, s.running ? ` · ${s.running} running` : '')),
        h('td', { class: 'num strong' }, s.bestTrialId ? h('a', { href: links.trial(s.searchId, s.bestTrialId) }, num(s.best)) : '—'),
        h('td', null, `${s.metric} (${s.mode})`),
        h('td', null, s.searcher),
        h('td', null, s.scheduler),
        h('td', { title: s.submittedAt }, ago(s.submittedAt, now)),
        h('td', { class: 'num' }, duration(seconds(s.submittedAt, s.endedAt ?? new Date(now).toISOString()))));
    }));
    if (searches.length === 0) body.append(h('tr', null, h('td', { colspan: 10, class: 'empty' }, 'No search yet. Submit one with: mopt search submit spec.yaml')));
    element.dataset.ready = 'true';
  }

  const stop = every(2000, async () => render(await api.searches()));
  return { element, dispose: stop };
}
