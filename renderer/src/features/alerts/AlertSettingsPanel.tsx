import { useEffect } from 'react';
import { useDeployments } from '../deployments/deployments-store';
import { AlertSettingsForm } from './AlertSettingsForm';
import { useAlerts } from './alerts-store';
import { Gate } from '../team/Gate';

/** The alert settings as a Settings section (settings live in Settings, not under the alert list). */
export function AlertSettingsPanel() {
  useEffect(() => {
    useAlerts
      .getState()
      .loadSettings()
      .catch(() => undefined);
    // The per-deployment spend limits name deployments.
    useDeployments
      .getState()
      .load()
      .catch(() => undefined);
  }, []);
  return (
    <section className="panel" aria-labelledby="alert-settings-title">
      <h2 id="alert-settings-title">Alerts</h2>
      <Gate channel="alerts/setSettings">
        <AlertSettingsForm />
      </Gate>
    </section>
  );
}
