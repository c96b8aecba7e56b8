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

import type { Empty, Reply, View } from './contract/common.js';
import type { AppInfo, Snapshot } from './contract/app.js';
import type {
  Deployment,
  NewDeploymentInput,
  InstanceTier,
  IdInput,
  LifecycleReply,
  BulkReply,
  BulkAction,
  BulkInput,
  ModelSizing,
  SizingInput,
} from './contract/deployments.js';
import type {
  LedgerEntry,
  LedgerPageInput,
  LedgerPage,
  LedgerListInput,
  CouponRedeemReply,
  Coupon,
  NewCouponInput,
  CouponImportReply,
} from './contract/ledger.js';
import type { TickReply, StatusReport } from './contract/settle.js';
import type { UsageImportReply, UsageScrapeResult, UsageTarget } from './contract/usage.js';
import type { AppSettings } from './contract/settings.js';
import type {
  CreditPack,
  SavedCard,
  PurchaseInput,
  PurchaseReply,
  CheckoutInput,
  CheckoutReply,
  CheckoutStatus,
  CardSetupReply,
  CardRemoval,
  CardSetupStatus,
  AutoRefillSettings,
  PaymentsAccount,
  PaymentsMode,
  SetPaymentsModeInput,
  SyncReply,
  RefillPreview,
  RefillPreviewInput,
  AmountReading,
  PaymentReceipt,
} from './contract/billing.js';
import type { AnalysisInput, Analysis, Suggestion, PauseSchedule, SetScheduleInput, ScheduleRemoved } from './contract/insights.js';
import type { Alert, AlertListInput, AlertList, AlertSettings, CatchUpReply } from './contract/alerts.js';
import type { ExportInput, ExportProgress, ExportReply } from './contract/reports.js';
import type { ControlView, ControlGetInput, SetControlInput, ControlTestReply } from './contract/control.js';
import type { TeamConnectInput, TeamStatus } from './contract/team.js';

export type * from './contract/common.js';
export type * from './contract/app.js';
export type * from './contract/deployments.js';
export type * from './contract/ledger.js';
export type * from './contract/settle.js';
export type * from './contract/usage.js';
export type * from './contract/settings.js';
export type * from './contract/billing.js';
export type * from './contract/insights.js';
export type * from './contract/alerts.js';
export type * from './contract/reports.js';
export type * from './contract/control.js';
export type * from './contract/team.js';

// ---------------------------------------------------------------- the maps

/** Every request channel: input and result. */
export interface Channels {
  'app/info': { input: Empty; output: AppInfo };
  'snapshot/get': { input: Empty; output: Snapshot };

  'catalog/tiers': { input: Empty; output: InstanceTier[] };
  /** Which tiers fit a model (and a cheaper 4-bit build), from the engine's sizing table. */
  'catalog/sizing': { input: SizingInput; output: ModelSizing };
  /** Sets a tier's hourly price from now on (hours already due keep theirs); creates the tier when `name` and `memoryGb` are given. */
  'catalog/setPrice': { input: { tier: string; credits: number; name?: string; memoryGb?: number }; output: InstanceTier };
  'deployments/list': { input: Empty; output: Deployment[] };
  /** One deployment (after what fell due is settled). */
  'deployments/get': { input: IdInput; output: Deployment };
  'deployments/create': { input: NewDeploymentInput; output: Deployment };
  'deployments/start': { input: IdInput; output: LifecycleReply };
  'deployments/pause': { input: IdInput; output: LifecycleReply };
  'deployments/resume': { input: IdInput; output: LifecycleReply };
  'deployments/stop': { input: IdInput; output: LifecycleReply };
  'deployments/pauseAll': { input: BulkInput; output: BulkReply };
  'deployments/resumeAll': { input: BulkInput; output: BulkReply };
  /** What Pause all / Resume all would change now (the list their confirmation shows); changes nothing. */
  'deployments/bulkTargets': { input: { action: BulkAction }; output: Deployment[] };
  /** A deployment's control (never its webhook secret), idle limit and action history. */
  'control/get': { input: ControlGetInput; output: ControlView };
  'control/set': { input: SetControlInput; output: ControlView };
  /** `removed`: whether there was a control to remove. */
  'control/clear': { input: IdInput; output: ControlView & { removed: boolean } };
  /** Sends action `test` now; changes and records nothing. */
  'control/test': { input: IdInput; output: ControlTestReply };
  /** Idle auto-pause: minutes without a request (5–10,080), or null for off. */
  'control/setIdle': { input: { id: number; afterMinutes: number | null }; output: ControlView };

  'ledger/balance': { input: Empty; output: { balance: number } };
  'ledger/page': { input: LedgerPageInput; output: LedgerPage };
  /** Entries oldest first, filtered (the CLI's `ledger`). */
  'ledger/list': { input: LedgerListInput; output: LedgerEntry[] };
  /** Settles everything due up to now (a catch-up after sleep); a held catch-up over 90 days is refused (`catch_up_unconfirmed`). */
  'billing/tick': { input: Empty; output: TickReply };
  /** The headline figures after settling: balance, month spend and projection, burn, runway, what runs. */
  'billing/status': { input: Empty; output: StatusReport };
  'coupons/redeem': { input: { code: string }; output: CouponRedeemReply };
  /** Creates a coupon (an admin's); a code that exists, or an expiry already past, is refused. */
  'coupons/create': { input: NewCouponInput; output: Coupon };
  /** Every coupon with its redemption count, newest first. */
  'coupons/list': { input: Empty; output: Coupon[] };
  /** Creates coupons from a JSON array or CSV text (`fileName` names the format and the file in refusals); bad rows are reported. */
  'coupons/import': { input: { text: string; fileName: string }; output: CouponImportReply };

  'settings/get': { input: Empty; output: AppSettings };
  'settings/update': { input: Partial<AppSettings>; output: AppSettings };

  'payments/packs': { input: Empty; output: CreditPack[] };
  'payments/cards': { input: Empty; output: SavedCard[] };
  'payments/addCard': { input: { paymentMethodId: string }; output: SavedCard };
  /** Opens a card setup page (Checkout in setup mode) to open in the browser: the app never takes a card number. */
  'payments/setupCard': { input: Empty; output: CardSetupReply };
  /** Polls a card setup (asks Stripe; saves the card once it completed). */
  'payments/cardSetupStatus': { input: { sessionId: string }; output: CardSetupStatus };
  'payments/removeCard': { input: { cardId: string }; output: SavedCard[] };
  /** Removes a saved card like `payments/removeCard`, telling which card it was and what became of auto-refill. */
  'payments/removeCardReport': { input: { cardId: string }; output: CardRemoval };
  'payments/setDefaultCard': { input: { cardId: string }; output: SavedCard[] };
  'payments/purchase': { input: PurchaseInput; output: PurchaseReply };
  'payments/checkout': { input: CheckoutInput; output: CheckoutReply };
  /** Reads a typed dollar amount with the engine's one money parser: whole credits, or a refusal saying what to write. Changes nothing. */
  'payments/parseAmount': { input: { text: string }; output: AmountReading };
  /** Polls a Checkout purchase (asks Stripe, credits it once if paid). */
  'payments/checkoutStatus': { input: { sessionId: string }; output: CheckoutStatus };
  /** The receipt data of a succeeded purchase or refill, by its PaymentIntent; anything else is refused (`unknown_payment`). */
  'payments/receipt': { input: { paymentIntent: string }; output: PaymentReceipt };
  'payments/getAutoRefill': { input: Empty; output: AutoRefillSettings };
  'payments/setAutoRefill': { input: Partial<AutoRefillSettings>; output: AutoRefillSettings };
  /** Plain words and figures for a refill setting being edited, at today's burn (nothing is saved). */
  'payments/refillPreview': { input: RefillPreviewInput; output: RefillPreview };
  'payments/sync': { input: Empty; output: SyncReply };
  'payments/getMode': { input: Empty; output: PaymentsMode };
  'payments/setMode': { input: SetPaymentsModeInput; output: PaymentsMode };
  'payments/getAccount': { input: Empty; output: PaymentsAccount };
  /** Sets the receipt email; `null` or "" clears it. */
  'payments/setEmail': { input: { email: string | null }; output: PaymentsAccount };

  'insights/analysis': { input: AnalysisInput; output: Analysis };
  'insights/suggestions': { input: Empty; output: Suggestion[] };
  /** `suggestion`: the one applied, as it was listed. */
  'insights/applySuggestion': { input: { id: string }; output: { applied: boolean; message: string; suggestion?: Suggestion } };
  /** Every schedule (after what fell due is settled). */
  'schedules/list': { input: Empty; output: PauseSchedule[] };
  'schedules/set': { input: SetScheduleInput; output: PauseSchedule };
  'schedules/clear': { input: { deploymentId: number }; output: PauseSchedule[] };
  /** Removes a deployment's schedule if it has one (none is not a refusal, unlike `schedules/clear`): the CLI's `schedule clear`. */
  'schedules/remove': { input: { deploymentId: number }; output: ScheduleRemoved };

  'alerts/list': { input: AlertListInput; output: AlertList };
  /** `marked`: how many of them were unread. */
  'alerts/markRead': { input: { ids: number[] }; output: { unread: number; marked?: number } };
  'alerts/markAllRead': { input: Empty; output: { unread: number; marked?: number } };
  /** Alerts not yet shown as a notification, oldest first (after settling). */
  'alerts/pending': { input: Empty; output: Alert[] };
  /** Records that these alerts were shown; `delivered`: how many were still pending. */
  'alerts/markDelivered': { input: { ids: number[] }; output: { delivered: number } };
  'alerts/getSettings': { input: Empty; output: AlertSettings };
  'alerts/setSettings': { input: Partial<AlertSettings>; output: AlertSettings };
  /** Confirms a held catch-up longer than 90 days (a clock that jumped) and settles it. */
  'alerts/confirmCatchUp': { input: Empty; output: CatchUpReply };

  /** Imports request counts from CSV or JSON text (`fileName` only names the format and the rows' place). */
  'usage/import': { input: { text: string; fileName?: string }; output: UsageImportReply };
  'usage/setTarget': { input: { deploymentId: number; url: string }; output: { deploymentId: number; url: string } };
  /** `removed`: whether there was a metrics URL. */
  'usage/removeTarget': { input: { deploymentId: number }; output: { removed: boolean } };
  /** Scrapes the metrics URLs now: one deployment's, or all configured. */
  'usage/scrape': { input: { deploymentId?: number }; output: UsageScrapeResult[] };
  /** Every deployment's metrics URL (shown without secrets) and its last scrape. */
  'usage/targets': { input: Empty; output: UsageTarget[] };

  'reports/export': { input: ExportInput; output: ExportReply };

  /** Opens an allow-listed URL (Stripe/sandbox checkout) in the system browser. */
  'shell/openExternal': { input: { url: string }; output: { opened: boolean } };

  /** Local or connected to a team server: who is signed in, with which role, online or not, last synced (never the token). */
  'team/status': { input: Empty; output: TeamStatus };
  /** Connects to a team server: the token is checked with the server first; a bad one or an unreachable server changes nothing. */
  'team/connect': { input: TeamConnectInput; output: TeamStatus };
  /** Back to this app's own ledger; the stored token is forgotten (the synced replica stays for offline views). */
  'team/disconnect': { input: Empty; output: TeamStatus };
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
  /** Progress of a running `reports/export` (to the window or browser that asked). */
  'reports/progress': ExportProgress;
  /** The team server connection changed: connected or not, online or not, last synced (never the token). */
  'team/changed': TeamStatus;
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
