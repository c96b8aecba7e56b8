import { useEffect, useMemo, useState } from 'react';
import { timeZoneChoices } from '../../format/time-zones';
import { useSettings } from './settings-store';

/**
 * The time zone decides days, months and schedules, so choosing one in the
 * list changes nothing until Save: a slip of the keyboard in a long select
 * must not move every figure. UTC is always offered.
 */
export function TimeZonePicker({ saved }: { saved: string }) {
  const update = useSettings((s) => s.update);
  const [draft, setDraft] = useState(saved);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(saved), [saved]);
  const zones = useMemo(() => timeZoneChoices(saved, typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), [saved]);
  const changed = draft !== saved;
  const save = async () => {
    setBusy(true);
    await update({ timeZone: draft }).catch(() => undefined);
    setBusy(false);
  };
  return (
    <div className="row">
      <label>
        Time zone (days, months and schedules follow it)
        <select value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="time-zone">
          {zones.map((z) => (
            <option key={z}>{z}</option>
          ))}
        </select>
      </label>
      <button className="primary" disabled={!changed || busy} onClick={() => void save()} data-testid="time-zone-save">
        Save time zone
      </button>
      {changed ? (
        <button onClick={() => setDraft(saved)} data-testid="time-zone-revert">
          Keep {saved}
        </button>
      ) : null}
    </div>
  );
}
