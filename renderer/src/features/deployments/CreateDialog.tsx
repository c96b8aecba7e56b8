import { useState } from 'react';
import type { InstanceTier, Precision } from '../../api/types';
import { useInlineRequest } from '../../api/use-inline-request';
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
  // What fits the model being typed, from the engine; a size it refuses shows no sizing (the field is marked invalid already).
  const sized = useInlineRequest('catalog/sizing', paramsOk ? { paramsB, precision } : null, 150);
  const sizing = sized && 'result' in sized ? sized.result : null;
  // Until the user picks one, the cheapest tier that fits the model is chosen —
  // once the engine has answered for this size (none chosen while it is asked).
  const chosen = tier || (sized ? sizing?.cheapestFit || tiers[0]?.code || '' : '');
  const chosenFit = sizing?.tiers.find((t) => t.code === chosen);
  const fitName = sizing?.tiers.find((t) => t.code === sizing.cheapestFit)?.name;
  const valid = name.trim() !== '' && model.trim() !== '' && paramsOk && chosen !== '';

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    try {
      // Once the deployment exists the dialog closes, even if its start was
      // refused (the toast names it): pressing again would create a second one.
      await create({ name: name.trim(), model: model.trim(), paramsB, precision, tier: chosen }, startNow);
      // The next deployment starts from the defaults: a tier picked for this model must not carry over to another.
      setName('');
      setModel('llama-3-8b');
      setParams('8');
      setPrecision('fp16');
      setTier('');
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
        <fieldset className="stack" style={{ border: 'none', padding: 0, margin: 0, gap: 6 }} aria-describedby="sizing-help">
          <legend className="small muted">Instance tier</legend>
          <div id="sizing-help" className="small" aria-live="polite">
            {sizing ? <div data-testid="sizing-summary">{sizing.summary}</div> : null}
            {sizing?.alternative ? (
              <div className="field-ok" data-testid="sizing-alternative">
                {sizing.alternative.text}{' '}
                <button
                  type="button"
                  className="link small"
                  onClick={() => {
                    const alt = sizing.alternative;
                    if (!alt) return;
                    setPrecision(alt.precision);
                    setTier(alt.tier);
                  }}
                >
                  Use {sizing.alternative.precision.toUpperCase()} on{' '}
                  {sizing.tiers.find((t) => t.code === sizing.alternative?.tier)?.name ?? sizing.alternative.tier}
                </button>
              </div>
            ) : null}
          </div>
          {tiers.map((t) => {
            const fits = sizing?.tiers.find((f) => f.code === t.code)?.fits;
            return (
              <label key={t.code} className="inline">
                <input type="radio" name="tier" value={t.code} checked={chosen === t.code} onChange={() => setTier(t.code)} />
                <span>
                  <strong>{t.name}</strong>{' '}
                  <span className="muted">
                    {t.memoryGb} GB GPU memory · {formatCreditsOnly(t.creditsPerHour)}/h ({formatUsd(t.creditsPerHour)})
                  </span>{' '}
                  {fits === undefined ? null : <span className={`chip ${fits ? 'fits' : 'too-small'}`}>{fits ? 'fits' : 'too small'}</span>}
                </span>
              </label>
            );
          })}
          {/* A warning, not a block: the catalog's memory figures are estimates and the user may know better. */}
          {sizing && chosenFit && !chosenFit.fits ? (
            <p className="field-error" role="alert" data-testid="tier-warning">
              {chosenFit.name} has {chosenFit.memoryGb} GB; this model needs about {sizing.memoryNeededGb} GB, so it will likely not load.
              {fitName ? ` ${fitName} is the smallest tier that fits.` : ''}
            </p>
          ) : null}
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
