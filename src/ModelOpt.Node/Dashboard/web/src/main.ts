// The dashboard's entry: reads the session (access level, CSRF token, cluster or journal), draws the frame and follows
// the hash routes.

import './styles.css';
import { api, setCsrf, type Session } from './api';
import { h, replace } from './dom';
import { parse, type Route } from './router';
import type { View } from './view';
import { clusterView } from './views/cluster';
import { compareView } from './views/compare';
import { searchView } from './views/search';
import { searchesView } from './views/searches';
import { trialView } from './views/trial';

async function boot(): Promise<void> {
  const session = await api.session();
  setCsrf(session.csrf);
  const main = h('main', { id: 'view' });
  const nav = h('nav', { class: 'nav' },
    h('a', { href: '#/', 'data-nav': 'searches' }, 'Searches'),
    session.mode === 'cluster' ? h('a', { href: '#/cluster', 'data-nav': 'cluster' }, 'Cluster') : null,
    h('a', { href: '#/compare', 'data-nav': 'compare' }, 'Compare'));
  const signOut = h('button', { class: 'btn btn-ghost', onclick: async () => { await api.signOut(); window.location.assign('/dashboard/signin'); } }, 'Sign out');
  document.body.append(
    h('header', { class: 'topbar' },
      h('a', { class: 'brand', href: '#/' }, h('span', { class: 'brand-mark' }, 'M'), 'ModelOpt'),
      nav,
      h('div', { class: 'who' },
        session.mode === 'journal' ? h('span', { class: 'badge badge-journal', title: session.source ?? '' }, 'journal (read-only)') : null,
        h('span', { class: `badge badge-${session.access}`, 'data-access': session.access }, session.access === 'full' ? 'full access' : 'read-only'),
        signOut)),
    main);

  let view: View | null = null;
  const show = () => {
    const route: Route = parse(window.location.hash);
    for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', link.dataset.nav === (route.page === 'trial' || route.page === 'search' ? 'searches' : route.page));
    if (view?.route?.(route)) return;
    view?.dispose();
    view = create(route, session);
    replace(main, view.element);
    window.scrollTo(0, 0);
  };
  window.addEventListener('hashchange', show);
  show();
}

function create(route: Route, session: Session): View {
  const context = { session };
  switch (route.page) {
    case 'search': return searchView(route.searchId, route.tab, context);
    case 'trial': return trialView(route.searchId, route.trialId, context);
    case 'cluster': return clusterView(context);
    case 'compare': return compareView(route.ids);
    default: return searchesView();
  }
}

boot().catch(e => {
  document.body.append(h('div', { class: 'card error' }, `The dashboard could not start: ${e instanceof Error ? e.message : String(e)}`));
});
