/**
 * The one contract between the UI and Burnrate's main side. Types only: the
 * renderer, the preload, the handler table (main/host/handlers) and the web
 * host all agree through this file. The HTTP form is described in docs/contract.md.
 *
 * Rules: money is integer credits (100 credits = $1); times are ISO-8601 UTC
 * strings; every input is a JSON object (`{}` when there is nothing to send);
 * every result is plain JSON. Grow it by adding channels and optional fields —
 * never rename or remove one (the renderer is built against it).
 */

/** ISO-8601 UTC instant, e.g. "2025-03-01T14:02:00.000Z". */
export type Iso = string;
/** No input: send `{}`. */
export type Empty = Record<string, never>;

/** A refusal or failure: `code` is stable (RefusedError codes, plus the transport codes below). */
export interface ApiError {
  /**
   * Engine refusals keep their RefusedError code (`insufficient_credits`, `unknown_deployment`, …).
   * Transport codes: `invalid_input` (schema), `unknown_channel`, `not_available` (module not
   * in this build/host), `unauthorized`, `forbidden`, `internal`.
   */
  code: string;
  message: string;
}

/** Every call answers with exactly one of these (the wire format of HTTP and IPC alike). */
export type Reply<T> = { result: T } | { error: ApiError };

/** Screens the UI can be asked to show (notification clicks, tray items). */
export type View = 'dashboard' | 'deployments' | 'analysis' | 'billing' | 'alerts' | 'settings';

// ---------------------------------------------------------------- app & snapshot

export interface AppInfo {
  version: string;
  transport: 'electron' | 'web';
  /** True only when the web host runs with BURNRATE_TEST_CONTROLS=1. */
  testControls: boolean;
  platform: string;
}

/** Green / amber / red: more than 72 h, 24–72 h, under 24 h or something paused for credits. */
export type RunwayState = 'ok' | 'low' | 'critical';

export interface Runway {
  state: RunwayState;
  /** When the balance can no longer pay the next due hour; null when nothing is burning. */
  endsAt: Iso | null;
  /** Hours from now until `endsAt` (fractional); null when nothing is burning. */
  hours: number | null;
  /** The deployment that would pause first, and when. */
  firstToPause: { deploymentId: number; name: string; at: Iso } | null;
}

export interface AutoRefillSummary {
  enabled: boolean;
  threshold: number;
  amount: number;
  card: { brand: string; last4: string } | null;
  /** Estimated hours between refills at the current burn; null when unknown. */
  everyHours: number | null;
}

/** Something the user must act on; shown as a banner with one button. */
export interface Banner {
  kind: 'authentication_required' | 'paused_for_credits' | 'auto_refill_disabled' | 'reconciliation';
  message: string;
  action: { label: string; view: View };
}

/** The headline figures every screen, the tray and the tooltip read. */
export interface Snapshot {
  at: Iso;
  balance: number;
  /** Credits charged this calendar month (user's time zone). */
  monthSpend: number;
  lastMonthSpend: number | null;
  /** Month to date + what is scheduled to run for the rest of the month; null until insights is available. */
  projectedMonth: number | null;
  /** Credits per hour of everything running now. */
  burnPerHour: number;
  running: number;
  paused: number;
  pausedForCredits: number;
  timeZone: string;
  runway: Runway;
  autoRefill: AutoRefillSummary | null;
  banners: Banner[];
  unreadAlerts: number;
  /** Daily spend for the last days (dashboard bars), oldest first. */
  daily?: DailySpend[];
  costByModel?: { model: string; credits: number }[];
  costByDeployment?: { deploymentId: number; name: string; model: string; credits: number }[];
}

// ---------------------------------------------------------------- deployments & catalog

export type Precision = 'fp16' | 'bf16' | 'awq' | 'int4' | 'int8';
export type DeploymentState = 'created' | 'running' | 'paused' | 'stopped';
export type PausedReason = 'user' | 'schedule' | 'insufficient_credits';

export interface Deployment {
  id: number;
  name: string;
  model: string;
  /** Parameter count in billions. */
  params: number;
  precision: Precision;
  tier: string;
  state: DeploymentState;
  pausedReason: PausedReason | null;
  creditsPerHour: number;
  nextChargeAt: Iso | null;
  paidUntil: Iso | null;
  createdAt: Iso | null;
}

export interface NewDeploymentInput {
  name: string;
  model: string;
  paramsB: number;
  precision: Precision;
  /** Tier code: S, M, L… */
  tier: string;
}

export interface InstanceTier {
  code: string;
  name: string;
  memoryGb: number;
  creditsPerHour: number;
}

export interface IdInput {
  id: number;
}

/** A state change, the credits it charged and the balance after. */
export interface LifecycleReply {
  deployment: Deployment;
  chargedCredits: number;
  balance: number;
}

/** Pause all / resume all: what changed and what was refused (with why). */
export interface BulkReply {
  changed: Deployment[];
  refused: { id: number; code: string; message: string }[];
  balance: number;
}

// ---------------------------------------------------------------- ledger & coupons

export type EntryKind = 'purchase' | 'refill' | 'coupon' | 'charge' | 'refund' | 'reversal' | 'adjustment';

export interface LedgerEntry {
  id: number;
  kind: EntryKind;
  credits: number;
  balanceAfter: number;
  deploymentId: number | null;
  hourStart: Iso | null;
  at: Iso;
  reference: string | null;
  description: string;
}

export interface LedgerPageInput {
  kinds?: EntryKind[];
  from?: Iso;
  /** Exclusive. */
  to?: Iso;
  search?: string;
  deploymentId?: number;
  /** 1–500, default 100. */
  limit?: number;
  /** Keyset paging: pass the previous page's `nextBeforeId`. */
  beforeId?: number;
}

/** Newest first; `nextBeforeId` is null on the last page. */
export interface LedgerPage {
  entries: LedgerEntry[];
  nextBeforeId: number | null;
}

export interface CouponRedeemReply {
  entry: LedgerEntry;
  /** Deployments resumed because credits arrived. */
  resumed: number[];
  balance: number;
}

// ---------------------------------------------------------------- settings

export interface AppSettings {
  timeZone: string;
  /** Resume deployments paused for credits once credits arrive. */
  autoResume: boolean;
}

// ---------------------------------------------------------------- payments

export interface CreditPack {
  credits: number;
  /** Price in cents (= credits). */
  amountCents: number;
  label: string;
}

export interface SavedCard {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  funding: 'credit' | 'debit' | 'prepaid' | 'unknown';
  isDefault: boolean;
}

export interface PurchaseInput {
  /** Whole credits: a pack or a custom amount (100–1,000,000). */
  credits: number;
  cardId: string;
}

export interface PurchaseReply {
  purchaseId: string;
  status: 'succeeded' | 'processing' | 'requires_action' | 'failed';
  credits: number;
  /** The bank's own words on a decline; a success line otherwise. */
  message: string;
  declineCode: string | null;
  /** Set once credits were added. */
  entry: LedgerEntry | null;
  balance: number;
  /** Where to finish an on-session payment (3-D Secure), when status is requires_action. */
  actionUrl: string | null;
}

export interface CheckoutReply {
  purchaseId: string;
  /** A Stripe Checkout (or the sandbox's loopback checkout) page: open it in the browser. */
  url: string;
}

export interface AutoRefillSettings {
  enabled: boolean;
  threshold: number;
  amount: number;
  cardId: string | null;
  maxPerDay: number;
  /** Monthly refill spend limit in credits; null for none. */
  monthlyLimit: number | null;
}

export interface PaymentsMode {
  mode: 'sandbox' | 'stripe_test';
  /** Whether a Stripe key is stored (the key itself never leaves the main side). */
  keyStored: boolean;
  /** How the key is protected: the OS keychain, plain text (Linux basic_text), or not applicable. */
  keyProtection: 'os' | 'basic_text' | 'none' | null;
}

export interface SetPaymentsModeInput {
  mode: 'sandbox' | 'stripe_test';
  /** `sk_test_…`; `sk_live_` keys are refused. Omit to keep the stored key. */
  secretKey?: string;
}

export interface SyncReply {
  /** Payments, refills and refunds newly applied to the ledger. */
  applied: number;
  balance: number;
}

// ---------------------------------------------------------------- insights & schedules

export interface DailySpend {
  /** Local calendar date YYYY-MM-DD. */
  date: string;
  total: number;
  byDeployment: { deploymentId: number; credits: number }[];
}

export interface AnalysisInput {
  days: 7 | 14 | 30;
}

export interface Analysis {
  days: number;
  from: Iso;
  to: Iso;
  total: number;
  previousTotal: number;
  /** Change vs the previous period in percent; null when the previous period was 0. */
  changePct: number | null;
  averagePerDay: number;
  daily: DailySpend[];
  deployments: { id: number; name: string; model: string }[];
  costByModel: { model: string; credits: number }[];
  topDeployments: { deploymentId: number; name: string; credits: number }[];
  topHours: { deploymentId: number; name: string; hourStart: Iso; credits: number }[];
  costPer1kRequests: { deploymentId: number; name: string; credits: number; requests: number; per1k: number }[];
}

export interface Suggestion {
  id: string;
  kind: 'right_size' | 'quantize' | 'pause_idle' | 'schedule';
  deploymentId: number;
  title: string;
  why: string;
  monthlySaving: number;
  /** Whether `insights/applySuggestion` can do it. */
  applicable: boolean;
}

export interface ScheduleWindow {
  /** 0 = Monday … 6 = Sunday, in the user's time zone. */
  day: number;
  /** "HH:MM" local, start inclusive. */
  start: string;
  /** "HH:MM" local, end exclusive ("24:00" allowed). */
  end: string;
}

export interface PauseSchedule {
  deploymentId: number;
  windows: ScheduleWindow[];
  /** Credits a month the windows save at today's price. */
  monthlySaving: number;
}

export interface SetScheduleInput {
  deploymentId: number;
  windows: ScheduleWindow[];
}

// ---------------------------------------------------------------- alerts

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface Alert {
  id: number;
  kind: string;
  severity: AlertSeverity;
  title: string;
  message: string;
  at: Iso;
  read: boolean;
  /** Where it can be acted on. */
  action: { label: string; view: View; deploymentId?: number } | null;
  deploymentId?: number | null;
  /** Every button the alert offers: `target` is e.g. add-credits, pause-all, update-card, confirm-payment, open:<view>. */
  actions?: { label: string; target: string }[];
}

export interface AlertListInput {
  unreadOnly?: boolean;
  limit?: number;
  beforeId?: number;
}

export interface AlertList {
  alerts: Alert[];
  unread: number;
  nextBeforeId: number | null;
}

export interface AlertSettings {
  lowBalanceThresholds: number[];
  runwayHours: number | null;
  dailySummary: boolean;
  weeklySummary: boolean;
  /** Local "HH:MM" for summaries. */
  summaryTime: string;
  /** Day of the weekly summary: mon … sun. */
  weeklyDay?: string;
  deploymentLimits: { deploymentId: number; credits: number; windowHours: number }[];
}

// ---------------------------------------------------------------- reports

export type ExportKind = 'transactions_csv' | 'daily_cost_csv' | 'monthly_statement_pdf' | 'receipt_pdf';

export interface ExportInput {
  kind: ExportKind;
  from?: Iso;
  to?: Iso;
  /** "YYYY-MM" for the monthly statement. */
  month?: string;
  /** For a purchase receipt. */
  purchaseId?: string;
}

export interface ExportReply {
  fileName: string;
  mimeType: string;
  bytes: number;
  /** Electron: where the file was saved (null if the user cancelled the dialog). */
  savedTo: string | null;
  /** Web host: a same-origin URL to download it once. */
  downloadUrl: string | null;
}

// ---------------------------------------------------------------- the maps

/** Every request channel: input and result. */
export interface Channels {
  'app/info': { input: Empty; output: AppInfo };
  'snapshot/get': { input: Empty; output: Snapshot };

  'catalog/tiers': { input: Empty; output: InstanceTier[] };
  'deployments/list': { input: Empty; output: Deployment[] };
  'deployments/create': { input: NewDeploymentInput; output: Deployment };
  'deployments/start': { input: IdInput; output: LifecycleReply };
  'deployments/pause': { input: IdInput; output: LifecycleReply };
  'deployments/resume': { input: IdInput; output: LifecycleReply };
  'deployments/stop': { input: IdInput; output: LifecycleReply };
  'deployments/pauseAll': { input: Empty; output: BulkReply };
  'deployments/resumeAll': { input: Empty; output: BulkReply };

  'ledger/balance': { input: Empty; output: { balance: number } };
  'ledger/page': { input: LedgerPageInput; output: LedgerPage };
  'coupons/redeem': { input: { code: string }; output: CouponRedeemReply };

  'settings/get': { input: Empty; output: AppSettings };
  'settings/update': { input: Partial<AppSettings>; output: AppSettings };

  'payments/packs': { input: Empty; output: CreditPack[] };
  'payments/cards': { input: Empty; output: SavedCard[] };
  'payments/addCard': { input: { paymentMethodId: string }; output: SavedCard };
  'payments/removeCard': { input: { cardId: string }; output: SavedCard[] };
  'payments/setDefaultCard': { input: { cardId: string }; output: SavedCard[] };
  'payments/purchase': { input: PurchaseInput; output: PurchaseReply };
  'payments/checkout': { input: { credits: number }; output: CheckoutReply };
  'payments/getAutoRefill': { input: Empty; output: AutoRefillSettings };
  'payments/setAutoRefill': { input: Partial<AutoRefillSettings>; output: AutoRefillSettings };
  'payments/sync': { input: Empty; output: SyncReply };
  'payments/getMode': { input: Empty; output: PaymentsMode };
  'payments/setMode': { input: SetPaymentsModeInput; output: PaymentsMode };

  'insights/analysis': { input: AnalysisInput; output: Analysis };
  'insights/suggestions': { input: Empty; output: Suggestion[] };
  'insights/applySuggestion': { input: { id: string }; output: { applied: boolean; message: string } };
  'schedules/list': { input: Empty; output: PauseSchedule[] };
  'schedules/set': { input: SetScheduleInput; output: PauseSchedule };
  'schedules/clear': { input: { deploymentId: number }; output: PauseSchedule[] };

  'alerts/list': { input: AlertListInput; output: AlertList };
  'alerts/markRead': { input: { ids: number[] }; output: { unread: number } };
  'alerts/markAllRead': { input: Empty; output: { unread: number } };
  'alerts/getSettings': { input: Empty; output: AlertSettings };
  'alerts/setSettings': { input: Partial<AlertSettings>; output: AlertSettings };

  'reports/export': { input: ExportInput; output: ExportReply };

  /** Opens an allow-listed URL (Stripe/sandbox checkout) in the system browser. */
  'shell/openExternal': { input: { url: string }; output: { opened: boolean } };
}

export type Channel = keyof Channels;
export type ChannelInput<C extends Channel> = Channels[C]['input'];
export type ChannelOutput<C extends Channel> = Channels[C]['output'];

/** Every event the main side pushes to the UI. */
export interface PushEvents {
  /** The headline figures changed (after any action, a settle, a clock move). */
  'snapshot/changed': Snapshot;
  /** A new alert was raised (also in `alerts/list`). */
  'alerts/raised': Alert;
  /** The shell asks the UI to show a view (tray item, notification click). */
  'app/navigate': { view: View; deploymentId?: number };
}

export type PushEvent = keyof PushEvents;

type DomainOf<C> = C extends `${infer D}/${string}` ? D : never;
type MethodOf<C, D extends string> = C extends `${D}/${infer M}` ? M : never;

/**
 * `window.burnrate`: one typed method per channel, grouped by domain
 * (`burnrate.deployments.pause({ id })`), plus `on` for pushed events.
 * A method resolves with the channel's Reply (never rejects for a refusal;
 * it rejects only when the transport itself fails).
 */
export type BurnrateApi = {
  [D in DomainOf<Channel>]: {
    [C in Channel as MethodOf<C, D>]: (input: ChannelInput<C>) => Promise<Reply<ChannelOutput<C>>>;
  };
} & {
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void): () => void;
};

declare global {
  interface Window {
    burnrate: BurnrateApi;
  }
}
