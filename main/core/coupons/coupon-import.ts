import fs from 'node:fs';
import path from 'node:path';
import { readCsvRecords } from '../csv-read.js';
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
  code: 'code',
  credits: 'credits',
  expiresat: 'expiresAt',
  expires: 'expiresAt',
  maxredemptions: 'maxRedemptions',
};
const REQUIRED: (keyof NewCoupon)[] = ['code', 'credits'];
const HEADER_HINT = 'code, credits, expiresAt, maxRedemptions (code and credits required; any case)';

function normalizeHeader(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');
}

/** A row that cannot be read into fields: rejected on its own, with the reason. */
class BadRow {
  constructor(readonly reason: string) {}
}

/** What is wrong with a set of column names (a CSV header, a JSON object's keys), or null. */
type NamesProblem = { kind: 'unknown_or_missing' } | { kind: 'twice'; field: keyof NewCoupon } | null;

/**
 * Maps column names to the import's fields, whatever case or spacing they were
 * written in, and says what is wrong with them: a name it does not know (a
 * misspelt expiry silently ignored would make coupons that never expire), a
 * required one missing, or two names for one field. One rule for CSV headers
 * and JSON keys.
 */
function readNames(names: readonly string[]): { fields: (keyof NewCoupon | undefined)[]; problem: NamesProblem } {
  const fields = names.map((h) => COLUMNS[normalizeHeader(h)]);
  if (fields.includes(undefined) || REQUIRED.some((r) => !fields.includes(r))) return { fields, problem: { kind: 'unknown_or_missing' } };
  const twice = fields.find((n, i) => fields.indexOf(n) !== i);
  return { fields, problem: twice ? { kind: 'twice', field: twice } : null };
}

const quoted = (names: readonly string[]) => (names.length ? names.map((h) => `'${h}'`).join(', ') : 'nothing');

/**
 * Reads a JSON array of coupon objects. Every object's keys follow the CSV
 * header's rule: an unknown key, a missing code or credits, or a key given
 * twice (in two spellings) refuses the whole file, naming the coupon. An entry
 * that is not an object is one rejected row, like a CSV line of the wrong length.
 */
function readJson(file: string, text: string): (RawRow | BadRow)[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new RefusedError('invalid_file', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data)) throw new RefusedError('invalid_file', `${file} must hold a JSON array of coupons`);
  return data.map((r: unknown, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return new BadRow('a row must be an object with code and credits');
    const keys = Object.keys(r);
    const { fields, problem } = readNames(keys);
    if (problem?.kind === 'unknown_or_missing') {
      throw new RefusedError('invalid_file', `${file}: coupon ${i + 1} needs the keys ${HEADER_HINT} and no others; found ${quoted(keys)}`);
    }
    if (problem) throw new RefusedError('invalid_file', `${file}: coupon ${i + 1} names ${problem.field} twice`);
    return Object.fromEntries(Object.values(r).map((v, k) => [fields[k]!, v]));
  });
}

/**
 * Reads a CSV: the first line is the header (names trimmed, any case), which
 * must name code and credits and nothing unknown. A line with another number
 * of fields than the header is one rejected row, not a broken file.
 */
function readCsv(file: string, text: string): (RawRow | BadRow)[] {
  let lines: string[][];
  try {
    lines = readCsvRecords(text).map((r) => r.fields);
  } catch (err) {
    throw new RefusedError('invalid_file', `${file} is not valid CSV: ${(err as Error).message}`);
  }
  const [header = [], ...rows] = lines;
  const { fields, problem } = readNames(header);
  if (problem?.kind === 'unknown_or_missing')
    throw new RefusedError('invalid_file', `${file} needs a header line with the columns ${HEADER_HINT}; found ${quoted(header)}`);
  if (problem) throw new RefusedError('invalid_file', `${file} names the column ${problem.field} twice in its header`);
  return rows.map((values) => {
    if (values.length !== header.length) {
      return new BadRow(`the row has ${values.length} field${values.length === 1 ? '' : 's'}, the header has ${header.length}`);
    }
    return Object.fromEntries(values.map((v, i) => [fields[i]!, v]));
  });
}

function toRows(file: string, text: string): (RawRow | BadRow)[] {
  return path.extname(file).toLowerCase() === '.json' ? readJson(file, text) : readCsv(file, text);
}

function field(r: RawRow, name: keyof NewCoupon): unknown {
  return r[name] !== undefined && r[name] !== '' ? r[name] : undefined;
}

/** Reads one row (CSV text or JSON values, keys already normalised) into a coupon, refusing what is malformed. */
function rowToCoupon(r: RawRow): NewCoupon {
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
 * read, or whose column names (a CSV header, a JSON coupon's keys) are
 * unknown, missing code or credits, or repeated, is refused whole.
 */
export async function importCoupons(engine: Engine, file: string): Promise<CouponImportReport> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new RefusedError('invalid_file', `cannot read ${file}`);
  }
  return importCouponText(engine, file, text);
}

/**
 * Imports coupons from a file's text already read (every host's door:
 * `coupons/import`); `file` names the format by its extension (.json, else
 * CSV) and the file in refusals.
 */
export async function importCouponText(engine: Engine, file: string, text: string): Promise<CouponImportReport> {
  const rows = toRows(file, text);
  const report: CouponImportReport = { created: [], rejected: [] };
  for (const [i, raw] of rows.entries()) {
    const row = i + 1;
    if (raw instanceof BadRow) {
      report.rejected.push({ row, code: null, reason: raw.reason });
      continue;
    }
    const code = typeof raw.code === 'string' ? raw.code.trim().toUpperCase() : null;
    try {
      // Creating refuses, with its reason, a code that exists and a coupon already expired (nobody could redeem it).
      const c = await engine.createCoupon(rowToCoupon(raw));
      report.created.push(c.code);
    } catch (err) {
      if (!isRefused(err)) throw err;
      report.rejected.push({ row, code, reason: err.message });
    }
  }
  return report;
}
