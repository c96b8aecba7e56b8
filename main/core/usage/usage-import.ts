import { DateTime } from 'luxon';
import { HOUR_MS } from '../clock.js';
import { type CsvRecord, readCsvRecords } from '../csv-read.js';
import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import { UsageRepo } from './usage-repo.js';

/** A row the import refused, with its line (CSV) or index (JSON, 1-based) and why. */
export interface RejectedRow {
  row: number;
  reason: string;
}

/** What an import did. */
export interface UsageImportReport {
  rows: number;
  imported: number;
  hours: number;
  rejected: RejectedRow[];
}

const ID_KEYS = ['deploymentId', 'deployment_id', 'deployment', 'id'];
const HOUR_KEYS = ['hour', 'hourStart', 'hour_start', 'timestamp', 'time'];
const REQ_KEYS = ['requests', 'request_count', 'requestCount', 'count'];

function pick(row: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) if (row[k] !== undefined && row[k] !== '') return row[k];
  return undefined;
}

/** Reads rows from CSV (with a header line) or JSON (an array, or `{rows: [...]}`), each with where it came from: its CSV line or JSON index (1-based). */
export function readUsageRows(text: string, fileName = ''): { rows: Record<string, unknown>[]; where: number[] } {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new RefusedError('invalid_usage_file', 'the usage file is empty');
  if (fileName.toLowerCase().endsWith('.json') || trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (err) {
      throw new RefusedError('invalid_usage_file', `the usage file is not valid JSON: ${(err as Error).message}`);
    }
    const rows = Array.isArray(data) ? data : (data as { rows?: unknown })?.rows;
    if (!Array.isArray(rows))
      throw new RefusedError('invalid_usage_file', 'a JSON usage file is an array of {deploymentId, hour, requests} (or {"rows": [...]})');
    return { rows: rows.map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>) : {})), where: rows.map((_, i) => i + 1) };
  }
  let records: CsvRecord[];
  try {
    // The untrimmed text: blank lines must not shift the line a rejection names.
    records = readCsvRecords(text);
  } catch (err) {
    throw new RefusedError('invalid_usage_file', `the usage file is not valid CSV: ${(err as Error).message}`);
  }
  const [header, ...body] = records;
  const names = header?.fields ?? [];
  // A short row lacks its last columns; values past the header's columns have no name and are dropped.
  const rows = body.map((r) => Object.fromEntries(r.fields.slice(0, names.length).map((v, i) => [names[i]!, v])));
  return { rows, where: body.map((r) => r.line) };
}

/**
 * Imports request counts per deployment-hour. Each row names a deployment (id
 * or exact name), an hour (ISO-8601; no offset means UTC; the UTC hour it falls
 * in is used) and a whole number of requests. Bad rows are reported and
 * skipped; rows for the same deployment-hour within one file are added up,
 * and replace what an earlier import stored for that hour.
 */
export async function importUsage(engine: Engine, text: string, fileName = ''): Promise<UsageImportReport> {
  const { rows, where: lines } = readUsageRows(text, fileName);
  const repo = new UsageRepo(engine.db);
  return engine.act((now) => {
    const byName = new Map(engine.deployments.list().map((d) => [d.name, d.id]));
    const sums = new Map<string, { id: number; hour: number; requests: number }>();
    const rejected: RejectedRow[] = [];
    let imported = 0;
    rows.forEach((row, i) => {
      const where = lines[i]!;
      const result = checkRow(row, now, (ref) => resolveDeployment(engine, byName, ref));
      if (typeof result === 'string') {
        rejected.push({ row: where, reason: result });
        return;
      }
      const key = `${result.id}:${result.hour}`;
      const prev = sums.get(key);
      sums.set(key, { ...result, requests: (prev?.requests ?? 0) + result.requests });
      imported++;
    });
    for (const s of sums.values()) repo.put(s.id, s.hour, s.requests, 'import', now);
    return { rows: rows.length, imported, hours: sums.size, rejected };
  });
}

function resolveDeployment(engine: Engine, byName: Map<string, number>, ref: unknown): number | null {
  const text = String(ref ?? '').trim();
  if (/^\d+$/.test(text)) return engine.deployments.find(Number(text)) ? Number(text) : null;
  return byName.get(text) ?? null;
}

function checkRow(
  row: Record<string, unknown>,
  now: number,
  resolve: (ref: unknown) => number | null,
): { id: number; hour: number; requests: number } | string {
  const ref = pick(row, ID_KEYS);
  if (ref === undefined) return 'no deployment (column deploymentId)';
  const id = resolve(ref);
  if (id === null) return `unknown deployment '${String(ref)}'`;
  const hourText = pick(row, HOUR_KEYS);
  const dt = typeof hourText === 'string' ? DateTime.fromISO(hourText.trim(), { zone: 'utc', setZone: true }) : null;
  if (!dt || !dt.isValid || !/^\d{4}-\d{2}-\d{2}T/.test(String(hourText).trim()))
    return `hour '${String(hourText ?? '')}' is not an ISO-8601 instant, e.g. 2026-01-31T14:00:00Z`;
  const hour = Math.floor(dt.toMillis() / HOUR_MS) * HOUR_MS;
  if (hour > now) return `hour ${dt.toISO()} is in the future`;
  const reqRaw = pick(row, REQ_KEYS);
  const reqText = typeof reqRaw === 'number' ? String(reqRaw) : typeof reqRaw === 'string' ? reqRaw.trim() : '';
  if (!/^\d+$/.test(reqText) || !Number.isSafeInteger(Number(reqText))) return `requests '${String(reqRaw ?? '')}' is not a whole number of requests`;
  return { id, hour, requests: Number(reqText) };
}
