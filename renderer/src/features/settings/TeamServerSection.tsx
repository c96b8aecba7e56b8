import { useState } from 'react';
import { useSnapshot } from '../../app/snapshot-store';
import { useTeam } from '../team/team-store';
import { teamRows } from '../team/team-words';

/**
 * Settings → Team server: connect with a URL and a member token, or show who
 * is signed in and Disconnect. The token goes to the host once and is never
 * read back (the field is emptied after each try; the status never holds it).
 */
export function TeamServerSection() {
  const status = useTeam((s) => s.status);
  const connect = useTeam((s) => s.connect);
  const disconnect = useTeam((s) => s.disconnect);
  const timeZone = useSnapshot((s) => s.snapshot?.timeZone);
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(await connect(url.trim(), token.trim()));
    setToken('');
    setBusy(false);
  };
  const leave = async () => {
    setBusy(true);
    await disconnect().catch(() => undefined);
    setBusy(false);
  };

  return (
    <section className="panel stack" aria-labelledby="team-title" data-testid="team-section">
      <h2 id="team-title">Team server</h2>
      {status?.mode === 'connected' ? (
        <>
          <dl className="facts" data-testid="team-status">
            {teamRows(status, timeZone).map((r) => (
              <div key={r.testId}>
                <dt>{r.label}</dt>
                <dd data-testid={r.testId}>{r.value}</dd>
              </div>
            ))}
          </dl>
          <p className="muted small">
            This app runs no engine of its own for this org: the team server charges and refills, and this computer keeps a synced copy of the ledger for
            offline views and exports.
          </p>
          <div>
            <button onClick={() => void leave()} disabled={busy} data-testid="team-disconnect">
              Disconnect
            </button>
          </div>
        </>
      ) : (
        <form className="stack" onSubmit={submit} aria-label="Connect to a team server">
          <p className="muted small">
            Connect to your org&apos;s Burnrate team server to share one ledger: an admin of your org gives you the server address and your member token.
          </p>
          <label>
            Server URL
            <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://burnrate.example.com" autoComplete="url" data-testid="team-url" />
          </label>
          <label>
            Member token
            <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" placeholder="brt_…" data-testid="team-token" />
          </label>
          {problem ? (
            <p className="field-error" role="alert" data-testid="team-problem">
              {problem}
            </p>
          ) : null}
          <div>
            <button type="submit" className="primary" disabled={busy || !url.trim() || !token.trim()} data-testid="team-connect">
              {busy ? 'Connecting…' : 'Connect'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
