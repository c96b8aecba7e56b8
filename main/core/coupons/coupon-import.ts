import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Engine } from '../engine.js';
import { RefusedError, isRefused } from '../errors.js';
import type { NewCoupon } from './coupons.js';

/** What an import did: the coupons created and each rejected row with its reason. */
export interface CouponImportReport {
  created: string[];
  rejected: { row: number; code: string | null; reason: string }[];
}

type RawRow = Record<string, unknown>;

function toRows(file: string, text: string): RawRow[] {
  if (path.extname(file).toLowerCase() === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new RefusedError('invalid_file', `${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(data)) throw new RefusedError('invalid_file', `${file} must hold a JSON array of coupons`);
    return data as RawRow[];
  }
  try {
    return parse(text, { columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, trim: true }) as RawRow[];
  } catch (err) {
    throw new RefusedError('invalid_file', `${file} is not valid CSV: ${(err as Error).message}`);
  }
}

function field(r: RawRow, ...names: string[]): unknown {
  for (const n of names) if (r[n] !== undefined && r[n] !== '') return r[n];
  return undefined;
}

/** Reads one row (CSV text or JSON values) into a coupon, refusing what is malformed. */
export function rowToCoupon(r: RawRow): NewCoupon {
  if (typeof r !== 'object' || r === null) throw new RefusedError('invalid_row', 'a row must be an object');
  const whole = (v: unknown, what: string): number => {
    const t = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
    if (!/^\d+$/.test(t)) throw new RefusedError('invalid_row', `${what} must be a whole number, got ${JSON.stringify(v)}`);
    return Number(t);
  };
  const credits = whole(field(r, 'credits'), 'credits');
  const maxRaw = field(r, 'maxRedemptions', 'max_redemptions');
  const expRaw = field(r, 'expiresAt', 'expires_at', 'expires');
  let expiresAt: number | null = null;
  if (expRaw !== undefined) {
    const t = String(expRaw).trim();
    expiresAt = /^\d{4}-\d{2}-\d{2}/.test(t) ? Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(t) || t.length === 10 ? t : `${t}Z`) : NaN;
    if (!Number.isFinite(expiresAt)) throw new RefusedError('invalid_row', `expiry must be an ISO-8601 date, got ${JSON.stringify(expRaw)}`);
  }
  return { code: String(field(r, 'code') ?? ''), credits, expiresAt, maxRedemptions: maxRaw === undefined ? null : whole(maxRaw, 'maxRedemptions') };
}

/**
 * Imports coupons from a JSON array or a CSV file (columns code, credits,
 * expiresAt, maxRedemptions). Each row is checked on its own: good rows are
 * created, bad ones (and duplicates, in the file or already existing) are
 * reported with their reason. A file that cannot be read is refused whole.
 */
export async function importCoupons(engine: Engine, file: string): Promise<CouponImportReport> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new RefusedError('invalid_file', `cannot read ${file}`);
  }
  const rows = toRows(file, text);
  const report: CouponImportReport = { created: [], rejected: [] };
  for (const [i, raw] of rows.entries()) {
    const row = i + 1;
    const code = typeof raw?.code === 'string' ? raw.code.trim().toUpperCase() : null;
    try {
      const c = await engine.createCoupon(rowToCoupon(raw));
      report.created.push(c.code);
    } catch (err) {
      if (!isRefused(err)) throw err;
      report.rejected.push({ row, code, reason: err.message });
    }
  }
  return report;
}
