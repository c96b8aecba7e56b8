import { useState } from 'react';
import type { InstanceTier, Precision } from '../../api/types';
import { formatCreditsOnly, formatUsd } from '../../format/credits';
import { Dialog } from '../../ui/Dialog';
import { useDeployments } from './deployments-store';

const PRECISIONS: Precision[] = ['fp16', 'bf16', 'int8', 'awq', 'int4'];

/** Create a deployment: model, size, precision and a tier from the catalog. */
export function CreateDialog({ open, tiers, onClose }: { open: boolean; tiers: InstanceTier[]; onClose(): void }) {
  const create = useDeployments((s) => s.create);
  const [name, setName] = useState('');
  const [model, setModel] = useState('llama-3-8b');
  const [params, setParams] = useState('8');
  const [precision, setPrecision] = useState<Precision>('fp16');
  const [tier, setTier] = useState('');
  const [startNow, setStartNow] = useState(true);
  const [busy, setBusy] = useState(false);
  const paramsB = Number(params);
  const paramsOk = params.trim() !== '' && Number.isFinite(paramsB) && paramsB > 0;
  const chosen = tier || tiers[0]?.code || '';
  const valid = name.trim() !== '' && model.trim() !== '' && paramsOk && chosen !== '';

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    try {
      // Once the deployment exists the dialog closes, even if its start was
      // refused (the toast names it): pressing again would create a second one.
      await create({ name: name.trim(), model: model.trim(), paramsB, precision, tier: chosen }, startNow);
      setName('');
      onClose();
    } catch {
      // The create itself was refused (toasted by the api layer): the dialog stays open to fix the input.
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title="New deployment" onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. chat-prod" required autoFocus />
        </label>
        <div className="grid-3">
          <label>
            Model
            <input value={model} onChange={(e) => setModel(e.target.value)} required />
          </label>
          <label>
            Parameters (billions)
            <input value={params} onChange={(e) => setParams(e.target.value)} inputMode="decimal" aria-invalid={!paramsOk} required />
          </label>
          <label>
            Precision
            <select value={precision} onChange={(e) => setPrecision(e.target.value as Precision)}>
              {PRECISIONS.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
        </div>
        <fieldset className="stack" style={{ border: 'none', padding: 0, margin: 0, gap: 6 }}>
          <legend className="small muted">Instance tier</legend>
          {tiers.map((t) => (
            <label key={t.code} className="inline">
              <input type="radio" name="tier" value={t.code} checked={chosen === t.code} onChange={() => setTier(t.code)} />
              <span>
                <strong>{t.name}</strong> <span className="muted">{t.memoryGb} GB GPU memory · {formatCreditsOnly(t.creditsPerHour)}/h ({formatUsd(t.creditsPerHour)})</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="inline">
          <input type="checkbox" checked={startNow} onChange={(e) => setStartNow(e.target.checked)} />
          Start now (the first hour is charged at once)
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid || busy}>
            {startNow ? 'Create and start' : 'Create'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
