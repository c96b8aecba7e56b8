import { useEffect } from 'react';
import { useSnapshot } from '../../app/snapshot-store';
import { AlertSettingsPanel } from '../alerts/AlertSettingsPanel';
import { PaymentsModeForm } from './PaymentsModeForm';
import { ReceiptEmailForm } from './ReceiptEmailForm';
import { useSettings } from './settings-store';
import { TimeZonePicker } from './TimeZonePicker';
import { TeamServerSection } from './TeamServerSection';
import { Gate } from '../team/Gate';
import { useTeam } from '../team/team-store';

/** The team server connection, payments mode, time zone, auto-resume and the desktop app's tray behaviour. */
export function SettingsView() {
  const settings = useSettings((s) => s.settings);
  const update = useSettings((s) => s.update);
  const transport = useSnapshot((s) => s.info?.transport);
  const dataDir = useSnapshot((s) => s.info?.dataDir);
  // In the desktop app: what this system allows (no tray on stock GNOME; no login item in development).
  const desktop = useSnapshot((s) => s.info?.desktop);
  const connected = useTeam((s) => s.status?.mode === 'connected');
  useEffect(() => {
    useSettings
      .getState()
      .load()
      .catch(() => undefined);
  }, []);
  const ignore = () => undefined;

  return (
    <div className="stack">
      <h1>Settings</h1>
      <TeamServerSection />
      <section className="panel" aria-labelledby="pay-title">
        <h2 id="pay-title">Payments</h2>
        <div className="stack">
          <PaymentsModeForm />
          <ReceiptEmailForm />
        </div>
      </section>
      <section className="panel stack" aria-labelledby="general-title">
        <h2 id="general-title">General</h2>
        {settings ? (
          <Gate channel="settings/update">
            <TimeZonePicker saved={settings.timeZone} />
            <label className="inline">
              <input type="checkbox" checked={settings.autoResume} onChange={(e) => update({ autoResume: e.target.checked }).catch(ignore)} />
              Resume deployments paused for credits as soon as credits arrive
            </label>
            {dataDir ? (
              <p className="small" data-testid="data-dir">
                Data folder: <code>{dataDir}</code> — the ledger lives here (<code>burnrate.db</code>); copy the folder to back up the books. The CLI uses the
                same folder by default.
              </p>
            ) : null}
          </Gate>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
      <section className="panel stack" aria-labelledby="tray-title">
        <h2 id="tray-title">Tray and startup</h2>
        {connected ? (
          // Connected, settings are the org's on the team server: this computer's own tray and login choices are not among them.
          <p className="muted" data-testid="tray-settings-local">
            Connected to a team server: the tray and startup settings are this computer&apos;s own and stay as they were set; change them after Disconnect.
          </p>
        ) : settings ? (
          <Gate channel="settings/update">
            <label className="inline">
              <input
                type="checkbox"
                checked={settings.closeToTray}
                disabled={desktop?.trayShown === false}
                onChange={(e) => update({ closeToTray: e.target.checked }).catch(ignore)}
                data-testid="close-to-tray"
              />
              Keep running in the tray when the window is closed
            </label>
            {desktop?.trayShown === false ? (
              <p className="muted" data-testid="no-tray">
                <small>This desktop shows no tray icons (on GNOME, the AppIndicator extension adds them), so closing the window quits Burnrate.</small>
              </p>
            ) : null}
            {desktop?.launchAtLogin === false ? (
              <p className="muted" data-testid="no-launch-at-login">
                <small>Launch at login is available in the installed app, not in a development build.</small>
              </p>
            ) : (
              <label className="inline">
                <input
                  type="checkbox"
                  checked={settings.launchAtLogin}
                  onChange={(e) => update({ launchAtLogin: e.target.checked }).catch(ignore)}
                  data-testid="launch-at-login"
                />
                Launch Burnrate at login
              </label>
            )}
          </Gate>
        ) : (
          <p className="muted">Loading…</p>
        )}
        {/* Saved either way, so a browser session can set them, but only the desktop app acts on them. */}
        {transport === 'electron' ? (
          <p className="muted">
            <small>These apply to the desktop app. In the tray, charges, refills and alerts keep running; quit from the tray menu.</small>
          </p>
        ) : (
          <p className="muted">
            <small>These apply to the desktop app, not to this browser session through the local web host.</small>
          </p>
        )}
      </section>
      <AlertSettingsPanel />
    </div>
  );
}
