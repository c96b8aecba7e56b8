import type { Analysis } from '../../api/types';
import { formatCount, formatCreditsOnly, formatUsd } from '../../format/credits';
import { deploymentColor } from '../../format/series-colors';
import { formatDateTime } from '../../format/time';
import { Empty } from '../../ui/Empty';

/** The most expensive deployments, deployment-hours and cost per 1,000 requests. */
export function TopItems({ a, timeZone }: { a: Analysis; timeZone: string }) {
  return (
    <div className="grid-3">
      <section className="panel" aria-labelledby="top-deps">
        <h2 id="top-deps">Most expensive deployments</h2>
        {a.topDeployments.length === 0 ? (
          <Empty>Deployments appear here once they have been charged.</Empty>
        ) : (
          <table>
            <tbody>
              {a.topDeployments.map((t) => (
                <tr key={t.deploymentId}>
                  <td>
                    <span className="swatch" style={{ background: deploymentColor(t.deploymentId) }} aria-hidden="true" />
                    {t.name}
                  </td>
                  <td className="num">
                    {formatCreditsOnly(t.credits)}
                    <div className="muted small">{formatUsd(t.credits)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="top-hours">
        <h2 id="top-hours">Most expensive hours</h2>
        {a.topHours.length === 0 ? (
          <Empty>Charged deployment-hours appear here.</Empty>
        ) : (
          <table>
            <tbody>
              {a.topHours.slice(0, 6).map((t) => (
                <tr key={`${t.deploymentId}-${t.hourStart}`}>
                  <td>
                    {t.name}
                    <div className="muted small">{formatDateTime(t.hourStart, timeZone)}</div>
                  </td>
                  <td className="num">{formatCreditsOnly(t.credits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="per-1k">
        <h2 id="per-1k">Cost per 1,000 requests</h2>
        {a.costPer1kRequests.length === 0 ? (
          <Empty>Shown for deployments whose request counts are known.</Empty>
        ) : (
          <table>
            <tbody>
              {a.costPer1kRequests.map((t) => (
                <tr key={t.deploymentId}>
                  <td>
                    {t.name}
                    <div className="muted small">{formatCount(t.requests)} requests</div>
                  </td>
                  <td className="num">{formatCreditsOnly(t.per1k)} / 1k</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
