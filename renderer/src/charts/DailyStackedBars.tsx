import { Bar } from 'react-chartjs-2';
import type { DailySpend } from '../api/types';
import { formatCreditsOnly, formatUsd } from '../format/credits';
import { deploymentColor } from '../format/series-colors';
import { formatDayLabel } from '../format/time';
import { Empty } from '../ui/Empty';
import { chartColors } from './theme';

interface Props {
  daily: DailySpend[];
  deployments: { id: number; name: string }[];
  label: string;
  small?: boolean;
}

/** Daily spend stacked by deployment, one fixed colour per deployment. */
export function DailyStackedBars({ daily, deployments, label, small }: Props) {
  const hasData = daily.some((d) => d.total > 0);
  if (!hasData) return <Empty>Daily spend will appear here, stacked by deployment, once a deployment has run.</Empty>;
  const c = chartColors();
  const ids = deployments.filter((dep) => daily.some((d) => d.byDeployment.some((b) => b.deploymentId === dep.id && b.credits > 0)));
  const data = {
    labels: daily.map((d) => formatDayLabel(d.date)),
    datasets: ids.map((dep) => ({
      label: dep.name,
      data: daily.map((d) => d.byDeployment.find((b) => b.deploymentId === dep.id)?.credits ?? 0),
      backgroundColor: deploymentColor(dep.id),
      stack: 'spend',
      borderRadius: 2,
    })),
  };
  return (
    // data-values: the engine's daily totals the bars draw (tests read them; a canvas is opaque).
    <div
      className={`chart-box ${small ? 'small' : ''}`}
      role="img"
      aria-label={label}
      data-testid="daily-chart"
      data-values={daily.map((d) => d.total).join(',')}
    >
      <Bar
        data={data}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: {
            x: { stacked: true, ticks: { color: c.muted }, grid: { display: false } },
            y: { stacked: true, ticks: { color: c.muted, callback: (v) => Number(v).toLocaleString('en-US') }, grid: { color: c.grid } },
          },
          plugins: {
            legend: { position: 'bottom', labels: { color: c.text, boxWidth: 10 } },
            tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${formatCreditsOnly(Number(ctx.raw))} · ${formatUsd(Number(ctx.raw))}` } },
          },
        }}
      />
    </div>
  );
}
