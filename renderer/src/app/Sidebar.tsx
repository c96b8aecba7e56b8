import { BalancePill } from './BalancePill';
import { useNav, VIEWS } from './nav-store';
import { useSnapshot } from './snapshot-store';

/** Left navigation: brand, balance pill, the six screens. */
export function Sidebar() {
  const view = useNav((s) => s.view);
  const go = useNav((s) => s.go);
  const unread = useSnapshot((s) => s.snapshot?.unreadAlerts ?? 0);
  return (
    <aside className="sidebar">
      <div className="brand">Burnrate</div>
      <BalancePill />
      <nav className="nav" aria-label="Main">
        {VIEWS.map((v) => (
          <button key={v.id} aria-current={view === v.id ? 'page' : undefined} onClick={() => go(v.id)} data-testid={`nav-${v.id}`}>
            {v.label}
            {v.id === 'alerts' && unread > 0 ? (
              <span className="count" aria-label={`${unread} unread`}>
                {unread}
              </span>
            ) : null}
          </button>
        ))}
      </nav>
    </aside>
  );
}
