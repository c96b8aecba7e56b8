import type { Db } from '../db/open-database.js';
import { crashPoint } from '../crash-points.js';
import { RefusedError } from '../errors.js';
import { NAME_RULES, validateName } from '../names.js';
import type { Ledger } from '../ledger/ledger.js';
import type { LedgerEntry } from '../ledger/entry-types.js';
import { formatCredits } from '../money.js';
import { cachedStatement } from '../db/statement-cache.js';

/** A coupon as stored: the code is kept trimmed and upper-case. */
export interface Coupon {
  code: string;
  credits: number;
  expiresAt: number | null;
  maxRedemptions: number | null;
  redemptions: number;
  createdAt: number;
}

export interface NewCoupon {
  code: string;
  credits: number;
  expiresAt?: number | null;
  maxRedemptions?: number | null;
}

const CODE_RE = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;
/** The single local account; redemptions are once per account. */
const ACCOUNT = 'default';

/** Normalises a typed code: trimmed and case-insensitive. */
export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The credits one coupon may grant (every host's bound: the CLI's `--credits`, imports, the core's check). */
export const COUPON_CREDITS = { min: 1, max: 100_000_000 } as const;

/** Checks a coupon definition and returns it normalised, or refuses with the reason. */
export function validateCoupon(c: NewCoupon): Required<NewCoupon> {
  const code = normalizeCouponCode(validateName(c.code, NAME_RULES.coupon));
  if (!CODE_RE.test(code)) throw new RefusedError('invalid_coupon_code', 'a coupon code is 1–64 letters, digits, - or _');
  if (!Number.isSafeInteger(c.credits) || c.credits < COUPON_CREDITS.min || c.credits > COUPON_CREDITS.max) {
    throw new RefusedError('invalid_credits', 'coupon credits must be a whole number from 1 to 100,000,000');
  }
  const max = c.maxRedemptions ?? null;
  if (max !== null && (!Number.isSafeInteger(max) || max <= 0)) {
    throw new RefusedError('invalid_max_redemptions', 'maximum redemptions must be a whole number of at least 1');
  }
  const exp = c.expiresAt ?? null;
  if (exp !== null && !Number.isFinite(exp)) throw new RefusedError('invalid_date', 'the expiry is not a valid date');
  return { code, credits: c.credits, expiresAt: exp, maxRedemptions: max };
}

/** In-app coupons: codes that grant credits at once (Stripe promotion codes only discount). */
export class Coupons {
  constructor(
    private readonly db: Db,
    private readonly ledger: Ledger,
  ) {}

  /** Creates a coupon; a code that exists already, or one that would be expired already, is refused. */
  create(input: NewCoupon, now: number): Coupon {
    const c = validateCoupon(input);
    if (this.find(c.code)) throw new RefusedError('coupon_exists', `coupon ${c.code} already exists`);
    if (c.expiresAt !== null && c.expiresAt <= now) {
      throw new RefusedError('coupon_expired', `coupon ${c.code} already expired (${new Date(c.expiresAt).toISOString()}): nobody could redeem it`);
    }
    cachedStatement(this.db, 'INSERT INTO coupons (code, credits, expires_at, max_redemptions, created_at) VALUES (?, ?, ?, ?, ?)').run(
      c.code,
      c.credits,
      c.expiresAt,
      c.maxRedemptions,
      now,
    );
    return this.find(c.code)!;
  }

  /** A coupon by (normalised) code. */
  find(code: string): Coupon | undefined {
    const row = cachedStatement(
      this.db,
      `SELECT c.code, c.credits, c.expires_at AS expiresAt, c.max_redemptions AS maxRedemptions, c.created_at AS createdAt,
                  (SELECT count(*) FROM coupon_redemptions r WHERE r.code = c.code) AS redemptions
                FROM coupons c WHERE c.code = ?`,
    ).get(normalizeCouponCode(code)) as Coupon | undefined;
    return row;
  }

  /** All coupons, newest first. */
  list(): Coupon[] {
    return cachedStatement(
      this.db,
      `SELECT c.code, c.credits, c.expires_at AS expiresAt, c.max_redemptions AS maxRedemptions, c.created_at AS createdAt,
                  (SELECT count(*) FROM coupon_redemptions r WHERE r.code = c.code) AS redemptions
                FROM coupons c ORDER BY c.created_at DESC, c.code`,
    ).all() as Coupon[];
  }

  /** Refuses (changing nothing) a code that cannot be redeemed now; returns the coupon otherwise. */
  checkRedeemable(rawCode: string, now: number): Coupon {
    const code = typeof rawCode === 'string' ? normalizeCouponCode(rawCode) : '';
    if (code.length === 0) throw new RefusedError('invalid_coupon_code', 'enter a coupon code');
    // Before the code is echoed in "does not exist": a typed ESC must not reach the terminal.
    validateName(rawCode, NAME_RULES.coupon);
    const c = this.find(code);
    if (!c) throw new RefusedError('unknown_coupon', `coupon ${code} does not exist — check the spelling`);
    if (c.expiresAt !== null && now >= c.expiresAt) {
      throw new RefusedError('coupon_expired', `coupon ${code} expired on ${new Date(c.expiresAt).toISOString().slice(0, 10)}`);
    }
    const used = cachedStatement(this.db, 'SELECT 1 FROM coupon_redemptions WHERE code = ? AND account = ?').get(code, ACCOUNT);
    if (used) throw new RefusedError('coupon_already_redeemed', `coupon ${code} was already redeemed on this account`);
    if (c.maxRedemptions !== null && c.redemptions >= c.maxRedemptions) {
      throw new RefusedError('coupon_exhausted', `coupon ${code} has been used the maximum number of times`);
    }
    return c;
  }

  /**
   * Redeems a code for this account: unknown, expired, exhausted or already
   * used codes are refused and nothing changes. Runs inside the caller's transaction.
   */
  redeem(rawCode: string, now: number): LedgerEntry {
    const c = this.checkRedeemable(rawCode, now);
    const code = c.code;
    const entry = this.ledger.append({
      kind: 'coupon',
      credits: c.credits,
      idempotencyKey: `coupon:${code}:${ACCOUNT}`,
      reference: code,
      at: now,
      description: `Coupon ${code}: ${formatCredits(c.credits)}`,
    });
    crashPoint('coupon-before-redemption');
    cachedStatement(this.db, 'INSERT INTO coupon_redemptions (code, account, ledger_entry_id, at) VALUES (?, ?, ?, ?)').run(code, ACCOUNT, entry.id, now);
    return entry;
  }
}
