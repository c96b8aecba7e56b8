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

/** The columns an import knows, by their normalised header (lower case, no spaces, `_` or `-`). */
const COLUMNS: Record<string, keyof NewCoupon> = {
  code: 'code', credits: 'credits', expiresat: 'expiresAt', expires: 'expiresAt', maxredemptions: 'maxRedemptions',
};
const REQUIRED: (keyof NewCoupon)[] = ['code', 'credits'];
const HEADER_HINT = 'code, credits, expiresAt, maxRedemptions (code and credits required; any case)';

function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s_-]/g, '');
}

/** A row that cannot be read into fields: rejected on its own, with the reason. */
interface BadRow {
  bad: string;
}

/** Maps one row's keys to the import's field names, whatever case or spacing they were written in. */
function normalizeKeys(r: unknown): RawRow | BadRow {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return { bad: 'a row must be an object with code and credits' };
  const out: RawRow = {};
  for (const [k, v] of Object.entries(r)) {
    const name = COLUMNS[normalizeHeader(k)];
    if (name) out[name] = v;
  }
  return out;
}

function readJson(file: string, text: string): (RawRow | BadRow)[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new RefusedError('invalid_file', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data)) throw new RefusedError('invalid_file', `${file} must hold a JSON array of coupons`);
  return data.map(normalizeKeys);
}

/**
 * Reads a CSV: the first line is the header (names trimmed, any case), which
 * must name code and credits and nothing unknown — a misspelt expiry column
 * silently ignored would make coupons that never expire. A line with another
 * number of fields than the header is one rejected row, not a broken file.
 */
function readCsv(file: string, text: string): (RawRow | BadRow)[] {
  let lines: string[][];
  try {
    lines = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    throw new RefusedError('invalid_file', `${file} is not valid CSV: ${(err as Error).message}`);
  }
  const [header = [], ...rows] = lines;
  const names = header.map((h) => COLUMNS[normalizeHeader(h)]);
  const unknown = header.filter((_, i) => names[i] === undefined);
  const missing = REQUIRED.filter((r) => !names.includes(r));
  if (missing.length > 0 || unknown.length > 0) {
    const found = header.length ? header.map((h) => `'${h}'`).join(', ') : 'nothing';
    throw new RefusedError('invalid_file', `${file} needs a header line with the columns ${HEADER_HINT}; found ${found}`);
  }
  const dupe = names.find((n, i) => names.indexOf(n) !== i);
  if (dupe) throw new RefusedError('invalid_file', `${file} names the column ${dupe} twice in its header`);
  return rows.map((fields) => {
    if (fields.length !== header.length) {
      return { bad: `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${header.length}` };
    }
    return Object.fromEntries(fields.map((v, i) => [names[i]!, v]));
  });
}

function toRows(file: string, text: string): (RawRow | BadRow)[] {
  return path.extname(file).toLowerCase() === '.json' ? readJson(file, text) : readCsv(file, text);
}

function field(r: RawRow, name: keyof NewCoupon): unknown {
  return r[name] !== undefined && r[name] !== '' ? r[name] : undefined;
}

/** Reads one row (CSV text or JSON values, keys already normalised) into a coupon, refusing what is malformed. */
export function rowToCoupon(r: RawRow): NewCoupon {
  if (typeof r !== 'object' || r === null) throw new RefusedError('invalid_row', 'a row must be an object');
  const whole = (v: unknown, what: string): number => {
    const t = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
    if (!/^\d+$/.test(t)) throw new RefusedError('invalid_row', `${what} must be a whole number, got ${JSON.stringify(v)}`);
    return Number(t);
  };
  const credits = whole(field(r, 'credits'), 'credits');
  const maxRaw = field(r, 'maxRedemptions');
  const expRaw = field(r, 'expiresAt');
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
 * created, bad ones (malformed, already expired, duplicates in the file or
 * already existing) are reported with their reason. A file that cannot be
 * read, or a CSV without the code and credits header, is refused whole.
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
    // Rows are normalised to known column names, so only an unreadable row carries `bad`.
    if ('bad' in raw) {
      report.rejected.push({ row, code: null, reason: String(raw.bad) });
      continue;
    }
    const r: RawRow = raw;
    const code = typeof r.code === 'string' ? r.code.trim().toUpperCase() : null;
    try {
      const coupon = rowToCoupon(r);
      // A coupon that has already expired could never be redeemed: importing it is a mistake in the file.
      if (coupon.expiresAt != null && coupon.expiresAt <= engine.now()) {
        throw new RefusedError('invalid_row', `already expired (${new Date(coupon.expiresAt).toISOString()})`);
      }
      const c = await engine.createCoupon(coupon);
      report.created.push(c.code);
    } catch (err) {
      if (!isRefused(err)) throw err;
      report.rejected.push({ row, code, reason: err.message });
    }
  }
  return report;
}
