import { useEffect, useRef, useState } from 'react';
import { request } from '../../api/client';
import type { ControlView, Deployment } from '../../api/types';
import { useSnapshot } from '../../app/snapshot-store';
import { toast } from '../../app/toast-store';
import { Dialog } from '../../ui/Dialog';
import { ControlHistory } from './ControlHistory';
import { argList, controlChanged, type Kind } from './control-form';
import { offer, useAllowed } from '../team/allowed';

/**
 * A deployment's control: the command or webhook that starts and stops the
 * real instance, its verify URL, idle auto-pause, and the history of actions.
 * The webhook secret is only ever sent, never shown (the engine never returns it).
 */
export function ControlDialog({ deployment, onClose }: { deployment: Deployment | null; onClose(): void }) {
  const [view, setView] = useState<ControlView | null>(null);
  const [kind, setKind] = useState<Kind>('command');
  const [command, setCommand] = useState('');
  const [args, setArgs] = useState('');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [verifyUrl, setVerifyUrl] = useState('');
  const [idle, setIdle] = useState('');
  const [busy, setBusy] = useState(false);
  const setAllowed = useAllowed('control/set');
  const clearAllowed = useAllowed('control/clear');
  const testAllowed = useAllowed('control/test');
  const id = deployment?.id ?? null;
  const version = useSnapshot((s) => s.version);
  /** The deployment whose control fills the form (the form is filled once per opening, then only the history reloads). */
  const filledFor = useRef<number | null>(null);

  const show = (v: ControlView) => {
    setView(v);
    const c = v.control;
    setKind(c?.kind ?? 'command');
    setCommand(c?.kind === 'command' ? c.command : '');
    setArgs(c?.kind === 'command' ? c.args.join('\n') : '');
    setUrl(c?.kind === 'webhook' ? c.url : '');
    setVerifyUrl(c?.verifyUrl ?? '');
    setIdle(v.idleAfterMinutes === null ? '' : String(v.idleAfterMinutes));
    setSecret('');
  };

  useEffect(() => {
    setView(null);
    filledFor.current = null;
  }, [id]);
  // Actions finish after the click that caused them (a hook may take a minute, a retry comes later): the host
  // pushes a new snapshot when one does, and the history reloads on it — never the fields being edited.
  useEffect(() => {
    if (id === null) return;
    let current = true;
    request('control/get', { id }).then(
      (v) => {
        if (!current) return;
        if (filledFor.current === id) setView(v);
        else {
          filledFor.current = id;
          show(v);
        }
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [id, version]);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch {
      // The toast already says why.
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(async () => {
      if (id === null || !view) return;
      const verify = verifyUrl.trim() || null;
      const form = { kind, command, args, url, secret, verifyUrl };
      const setControl = controlChanged(view.control, form);
      let v = view;
      if (setControl) {
        v = await request(
          'control/set',
          kind === 'command'
            ? { id, kind, command: command.trim(), args: argList(args), verifyUrl: verify }
            : { id, kind, url: url.trim(), secret: secret.trim(), verifyUrl: verify },
        );
      }
      const minutes = idle.trim() === '' ? null : Number(idle);
      const setIdle = minutes !== v.idleAfterMinutes;
      if (setIdle) v = await request('control/setIdle', { id, afterMinutes: minutes });
      show(v);
      const name = deployment?.name ?? 'The deployment';
      if (setControl) toast('success', `${name} is controlled by its ${kind} now.`);
      else if (setIdle) toast('success', minutes === null ? `Idle auto-pause is off for ${name}.` : `${name} pauses after ${minutes} min without a request.`);
      else toast('info', 'Nothing changed.');
    });
  const test = () =>
    run(async () => {
      if (id === null) return;
      const r = await request('control/test', { id });
      toast(r.ok ? 'success' : 'error', `Test: ${r.detail}${r.probe ? ` — the verify URL says ${r.probe.replace('_', ' ')}` : ''}.`);
    });
  const remove = () =>
    run(async () => {
      if (id === null) return;
      show(await request('control/clear', { id }));
    });

  const kept = view?.control?.kind === 'webhook' && view.control.hasSecret;
  // Until the stored control has filled the form, typing would be overwritten by it and Save would have nothing to compare with.
  const loading = view === null;
  return (
    <Dialog open={deployment !== null} title={`Control — ${deployment?.name ?? ''}`} onClose={onClose}>
      <p className="muted small">
        On every start, pause, resume and stop Burnrate runs this command or calls this webhook, so the real GPU stops when billing does. A failure raises a
        critical alert.
      </p>
      <div className="row" role="radiogroup" aria-label="Control kind">
        {(['command', 'webhook'] as const).map((k) => (
          <label key={k} className="inline small">
            <input type="radio" name="control-kind" disabled={loading} checked={kind === k} onChange={() => setKind(k)} />{' '}
            {k === 'command' ? 'Command' : 'Webhook'}
          </label>
        ))}
      </div>
      {kind === 'command' ? (
        <>
          <label>
            Command (absolute path, run without a shell; the action is its last argument)
            <input disabled={loading} value={command} onChange={(e) => setCommand(e.target.value)} placeholder="/usr/local/bin/gpu-hook" />
          </label>
          <label>
            Fixed arguments (one per line)
            <textarea rows={2} disabled={loading} value={args} onChange={(e) => setArgs(e.target.value)} />
          </label>
        </>
      ) : (
        <>
          <label>
            Webhook URL
            <input disabled={loading} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://ops.example.com/burnrate" />
          </label>
          <label>
            Signing secret (whsec_…){kept ? ' — a secret is kept; enter it again to change the webhook' : ''}
            <input type="password" autoComplete="off" disabled={loading} value={secret} onChange={(e) => setSecret(e.target.value)} />
          </label>
        </>
      )}
      <label>
        Verify URL (optional: 2xx means serving)
        <input disabled={loading} value={verifyUrl} onChange={(e) => setVerifyUrl(e.target.value)} placeholder="http://10.0.0.5:8000/health" />
      </label>
      <label>
        Pause after minutes without a request (empty: off)
        <input disabled={loading} value={idle} onChange={(e) => setIdle(e.target.value)} inputMode="numeric" />
      </label>
      <div className="dialog-actions">
        {view?.control ? (
          <>
            <button {...offer(clearAllowed, busy)} onClick={remove}>
              Remove
            </button>
            <button {...offer(testAllowed, busy)} onClick={test}>
              Test
            </button>
          </>
        ) : null}
        <button onClick={onClose}>Close</button>
        <button className="primary" {...offer(setAllowed, busy || loading)} onClick={save}>
          Save
        </button>
      </div>
      <ControlHistory view={view} />
    </Dialog>
  );
}
