import { useEngineNow } from '../../app/snapshot-store';
import { useTicker } from '../../app/use-ticker';
import { formatCreditsOnly, formatUsd } from '../../format/credits';
import { deploymentColor } from '../../format/series-colors';
import { formatCountdown } from '../../format/time';
import { Empty } from '../../ui/Empty';
import { useDeployments } from '../deployments/deployments-store';
import { offer, useAllowed } from '../team/allowed';

/** Running deployments with their cost per hour, next charge and a Pause button. */
export function RunningList() {
  useTicker();
  const list = useDeployments((s) => s.list);
  const busy = useDeployments((s) => s.busy);
  const act = useDeployments((s) => s.act);
  const now = useEngineNow();
  const pause = useAllowed('deployments/pause');
  const running = list.filter((d) => d.state === 'running');
  if (running.length === 0) return <Empty>Running deployments will be listed here with their cost per hour.</Empty>;
  return (
    <ul className="stack plain-list" aria-label="Running deployments">
      {running.map((d) => (
        <li key={d.id} className="row" data-testid={`running-${d.name}`}>
          <span className="swatch" style={{ background: deploymentColor(d.id) }} aria-hidden="true" />
          <span>
            <strong>{d.name}</strong>
            <span className="muted small">
              {' '}
              · {formatCreditsOnly(d.creditsPerHour)}/h ({formatUsd(d.creditsPerHour)}) · next charge {formatCountdown(d.nextChargeAt, now)}
            </span>
          </span>
          <span className="spacer" />
          <button
            className="small"
            {...offer(pause, busy.includes(d.id))}
            onClick={() => act(d.id, 'pause').catch(() => undefined)}
            aria-label={`Pause ${d.name}`}
          >
            Pause
          </button>
        </li>
      ))}
    </ul>
  );
}
