import { useEffect } from 'react';
import { subscribe } from '../api/client';
import { AlertsView } from '../features/alerts/AlertsView';
import { AnalysisView } from '../features/analysis/AnalysisView';
import { BillingView } from '../features/billing/BillingView';
import { DashboardView } from '../features/dashboard/DashboardView';
import { BulkConfirm } from '../features/deployments/BulkConfirm';
import { DeploymentsView } from '../features/deployments/DeploymentsView';
import { SettingsView } from '../features/settings/SettingsView';
import { OfflineBanner } from '../features/team/OfflineBanner';
import { useTeam } from '../features/team/team-store';
import { useNav, type ViewId } from './nav-store';
import { Sidebar } from './Sidebar';
import { useSnapshot } from './snapshot-store';
import { Toasts } from './Toasts';

const SCREENS: Record<ViewId, () => React.JSX.Element> = {
  dashboard: DashboardView,
  deployments: DeploymentsView,
  analysis: AnalysisView,
  billing: BillingView,
  alerts: AlertsView,
  settings: SettingsView,
};

/** The window: sidebar on the left, the chosen screen on the right, toasts on top. */
export function App() {
  const view = useNav((s) => s.view);
  const focus = useNav((s) => s.focus);
  const start = useSnapshot((s) => s.start);
  // A new screen opens at its top (the headline figures), unless it was asked to show a part of itself.
  useEffect(() => {
    if (focus) return;
    document.getElementById('main')?.scrollTo(0, 0);
    window.scrollTo(0, 0);
  }, [view, focus]);
  useEffect(() => start(), [start]);
  // Who is signed in to a team server, and what their role may do (the gates read it), kept live by team/changed.
  useEffect(() => useTeam.getState().start(), []);
  // The shell (tray, notification click) can ask for a screen.
  useEffect(() => subscribe('app/navigate', (n) => useNav.getState().go(n.view, n.deploymentId ? `deployment-${n.deploymentId}` : null)), []);
  const Screen = SCREENS[view];
  return (
    <div className="app">
      <Sidebar />
      <main className="content" id="main" data-testid={`view-${view}`}>
        <OfflineBanner />
        <Screen />
      </main>
      <BulkConfirm />
      <Toasts />
    </div>
  );
}
