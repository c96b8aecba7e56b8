import { create } from 'zustand';

/** The six screens of the sidebar, in order. */
export const VIEWS = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'deployments', label: 'Deployments' },
  { id: 'analysis', label: 'Cost analysis' },
  { id: 'billing', label: 'Billing' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

interface NavState {
  view: ViewId;
  /** Optional anchor inside the view (e.g. "auto-refill", "deployment-3"). */
  focus: string | null;
  go(view: ViewId, focus?: string | null): void;
}

function parseHash(hash: string): { view: ViewId; focus: string | null } {
  const [view, focus] = hash.replace(/^#\/?/, '').split('/');
  const known = VIEWS.find((v) => v.id === view);
  return { view: known ? known.id : 'dashboard', focus: focus ? decodeURIComponent(focus) : null };
}

/** Which screen is shown; kept in the URL hash so links and reloads land in place. */
export const useNav = create<NavState>((set) => ({
  ...parseHash(window.location.hash),
  go(view, focus = null) {
    const hash = `#/${view}${focus ? `/${encodeURIComponent(focus)}` : ''}`;
    if (window.location.hash !== hash) window.history.pushState(null, '', hash);
    set({ view, focus });
  },
}));

window.addEventListener('popstate', () => useNav.setState(parseHash(window.location.hash)));
