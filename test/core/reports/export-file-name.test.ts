import { describe, expect, it } from 'vitest';
import { exportFileName, type ExportCoverage } from '../../../main/core/reports/export-file-name.js';

const NOW = Date.parse('2025-03-03T09:00:00Z');
const at = (iso: string) => Date.parse(iso);

describe('export file names carry the range they cover (issue 10)', () => {
  it.each<[string, ExportCoverage, string, string]>([
    ['nothing set: everything up to today', { from: null, to: null }, 'UTC', 'burnrate-transactions-all-until-2025-03-03.csv'],
    [
      'a from/to range of local days (to is exclusive)',
      { from: at('2025-03-01T00:00:00Z'), to: at('2025-03-08T00:00:00Z') },
      'UTC',
      'burnrate-transactions-2025-03-01-to-2025-03-07.csv',
    ],
    ['one day', { from: at('2025-03-03T00:00:00Z'), to: at('2025-03-04T00:00:00Z') }, 'UTC', 'burnrate-transactions-2025-03-03.csv'],
    ['from only: up to today', { from: at('2025-02-01T00:00:00Z'), to: null }, 'UTC', 'burnrate-transactions-2025-02-01-to-2025-03-03.csv'],
    ['to only', { from: null, to: at('2025-02-15T00:00:00Z') }, 'UTC', 'burnrate-transactions-until-2025-02-14.csv'],
    [
      'local days in the Settings zone',
      { from: at('2025-02-28T23:00:00Z'), to: at('2025-03-07T23:00:00Z') },
      'Europe/Berlin',
      'burnrate-transactions-2025-03-01-to-2025-03-07.csv',
    ],
    ['a statement: its month', { month: '2025-02' }, 'UTC', 'burnrate-transactions-2025-02.csv'],
  ])('%s → %s', (_what, coverage, tz, name) => {
    expect(exportFileName('transactions', 'csv', coverage, NOW, tz)).toBe(name);
  });

  it('two exports of different ranges never share a name', () => {
    const a = exportFileName('daily-cost', 'csv', { from: at('2025-03-01T00:00:00Z'), to: null }, NOW, 'UTC');
    const b = exportFileName('daily-cost', 'csv', { from: null, to: null }, NOW, 'UTC');
    expect(a).not.toBe(b);
  });

  it('a receipt names its payment', () => {
    expect(exportFileName('receipt', 'pdf', { paymentId: 'pi_123' }, NOW, 'UTC')).toBe('burnrate-receipt-pi_123.pdf');
  });
});
