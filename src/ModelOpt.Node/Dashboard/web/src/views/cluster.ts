// The cluster: its members and roles, every worker node's slots (device, state, what runs there) and drain.

import { api, ApiError, type Slot } from '../api';
import { h, replace, toast } from '../dom';
import { shortNode } from '../plots/timeline';
import { links } from '../router';
import { every, type View, type ViewContext } from '../view';

export function clusterView(context: ViewContext): View {
  const full = context.session.access === 'full';
  const members = h('div', { class: 'card' });
  const workers = h('div', { class: 'workers' });
  const element = h('section', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', null, 'Cluster')), members, workers);

  if (context.session.mode === 'journal') {
    replace(members, h('p', null, 'This dashboard reads a journal', context.session.source ? ` (${context.session.source})` : '', ': there is no live cluster to show.'));
    element.dataset.ready = 'true';
    return { element, dispose: () => undefined };
  }

  async function refresh(): Promise<void> {
    const [view, slots] = await Promise.all([api.cluster(), api.workers()]);
    replace(members, h('h2', null, 'Members'), h('div', { class: 'table-scroll' }, h('table', { class: 'plain' },
      h('thead', null, h('tr', null, h('th', null, 'node'), h('th', null, 'status'), h('th', null, 'roles'), h('th', null, 'reachable'))),
      h('tbody', null, ...view.members.map(m => h('tr', null,
        h('td', { class: 'mono' }, shortNode(m.address), m.address === view.self ? h('span', { class: 'tag' }, 'this node') : null, m.address === view.leader ? h('span', { class: 'tag' }, 'leader') : null),
        h('td', null, h('span', { class: `pill pill-${m.status.toLowerCase()}` }, m.status.toLowerCase())),
        h('td', null, m.roles.join(', ')),
        h('td', null, m.reachable ? 'yes' : h('span', { class: 'warn' }, 'unreachable'))))))));
    const byNode = new Map<string, Slot[]>();
    for (const slot of slots) (byNode.get(slot.node) ?? byNode.set(slot.node, []).get(slot.node)!).push(slot);
    replace(workers, ...[...byNode.entries()].sort().map(([node, list]) => {
      const draining = list.some(s => s.draining);
      const busy = list.filter(s => s.status !== 'free').length;
      const gpus = list.filter(s => s.device.startsWith('cuda')).length;
      return h('div', { class: 'card worker', 'data-node': node },
        h('div', { class: 'card-head' },
          h('h2', { class: 'mono' }, shortNode(node), draining ? h('span', { class: 'tag tag-warn' }, 'draining') : null),
          h('button', {
            class: 'btn btn-small', 'data-action': draining ? 'undrain' : 'drain', disabled: !full, title: full ? null : 'this token is read-only',
            onclick: async () => {
              try {
                await api.drain(node, draining);
                toast(draining ? `${shortNode(node)} takes trials again` : `${shortNode(node)} is draining: running trials finish, no new ones start`);
                await refresh();
              } catch (e) {
                toast(e instanceof ApiError ? e.message : String(e), 'error');
              }
            },
          }, draining ? 'Undrain' : 'Drain')),
        h('p', { class: 'subtle' }, `${list.length} slot${list.length === 1 ? '' : 's'}${gpus ? ` (${gpus} on GPUs)` : ''} · ${busy} busy`),
        h('table', { class: 'plain' },
          h('thead', null, h('tr', null, h('th', null, 'slot'), h('th', null, 'state'), h('th', null, 'running'))),
          h('tbody', null, ...list.sort((a, b) => a.device.localeCompare(b.device, undefined, { numeric: true })).map(s => h('tr', null,
            h('td', { class: 'mono' }, s.device),
            h('td', null, h('span', { class: `pill pill-slot-${s.status}` }, s.status)),
            h('td', null, s.searchId && s.trialId ? h('a', { href: links.trial(s.searchId, s.trialId) }, `${s.searchId} / ${s.trialId}`) : '—'))))));
    }));
    if (byNode.size === 0) workers.append(h('div', { class: 'card' }, h('p', { class: 'subtle' }, 'No worker has registered a slot.')));
    element.dataset.ready = 'true';
  }

  const stop = every(2000, refresh);
  return { element, dispose: stop };
}
