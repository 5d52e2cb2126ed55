// Hash routes: #/ (searches), #/search/<id>[/<tab>], #/search/<id>/trial/<trial>, #/cluster, #/compare?ids=a,b.

export type Route =
  | { page: 'searches' }
  | { page: 'search'; searchId: string; tab: string }
  | { page: 'trial'; searchId: string; trialId: string }
  | { page: 'cluster' }
  | { page: 'compare'; ids: string[] };

export function parse(hash: string): Route {
  const [path, query] = hash.replace(/^#/, '').split('?', 2) as [string, string | undefined];
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'search' && parts[1]) {
    if (parts[2] === 'trial' && parts[3]) return { page: 'trial', searchId: parts[1], trialId: parts[3] };
    return { page: 'search', searchId: parts[1], tab: parts[2] ?? 'overview' };
  }
  if (parts[0] === 'cluster') return { page: 'cluster' };
  if (parts[0] === 'compare') return { page: 'compare', ids: new URLSearchParams(query ?? '').get('ids')?.split(',').filter(Boolean) ?? [] };
  return { page: 'searches' };
}

export const links = {
  searches: () => '#/',
  search: (searchId: string, tab?: string) => `#/search/${encodeURIComponent(searchId)}${tab && tab !== 'overview' ? `/${tab}` : ''}`,
  trial: (searchId: string, trialId: string) => `#/search/${encodeURIComponent(searchId)}/trial/${encodeURIComponent(trialId)}`,
  cluster: () => '#/cluster',
  compare: (ids: string[]) => `#/compare?ids=${ids.map(encodeURIComponent).join(',')}`,
};

export function go(hash: string): void {
  if (window.location.hash !== hash) window.location.hash = hash;
}
