import { useSnapshot } from '../../app/snapshot-store';
import { SeverityIcon } from '../../ui/SeverityIcon';
import { useTeam } from './team-store';
import { offlineLine } from './team-words';

/** Above every screen while the team server cannot be reached: reads are the synced ledger's, actions are refused. */
export function OfflineBanner() {
  const status = useTeam((s) => s.status);
  const timeZone = useSnapshot((s) => s.snapshot?.timeZone);
  const line = offlineLine(status, timeZone);
  if (!line) return null;
  return (
    <div className="banner warn" role="status" data-testid="offline-banner">
      <SeverityIcon severity="warning" label={false} />
      <span className="text">{line}</span>
    </div>
  );
}
