import { Doughnut } from 'react-chartjs-2';
import { formatCreditsOnly, formatUsd } from '../format/credits';
import { SERIES_PALETTE } from '../format/series-colors';
import { Empty } from '../ui/Empty';
import { chartColors } from './theme';

/** Cost by model as a doughnut, with the figures in the legend's tooltip. */
export function CostByModel({ items }: { items: { model: string; credits: number }[] }) {
  const shown = items.filter((i) => i.credits > 0);
  if (shown.length === 0) return <Empty>Cost by model will appear here after the first charged hour.</Empty>;
  const c = chartColors();
  return (
    <div
      className="chart-box small"
      role="img"
      aria-label={`Cost by model: ${shown.map((i) => `${i.model} ${formatCreditsOnly(i.credits)}`).join(', ')}`}
      data-testid="model-chart"
      data-values={shown.map((i) => `${i.model}=${i.credits}`).join(',')}
    >
      <Doughnut
        data={{
          labels: shown.map((i) => i.model),
          // Models are not deployments: colours come from the end of the palette to avoid confusion.
          datasets: [
            {
              data: shown.map((i) => i.credits),
              backgroundColor: shown.map((_, n) => SERIES_PALETTE[(SERIES_PALETTE.length - 1 - n + SERIES_PALETTE.length) % SERIES_PALETTE.length]),
              borderWidth: 0,
            },
          ],
        }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          cutout: '62%',
          plugins: {
            legend: { position: 'right', labels: { color: c.text, boxWidth: 10 } },
            tooltip: { callbacks: { label: (ctx) => `${ctx.label}: ${formatCreditsOnly(Number(ctx.raw))} · ${formatUsd(Number(ctx.raw))}` } },
          },
        }}
      />
    </div>
  );
}
