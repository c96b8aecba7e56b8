import type { Engine } from '../engine.js';
import { AutoRefill } from './auto-refill.js';
import { BackendBinding } from './backend-binding.js';
import { CardActions } from './card-actions.js';
import { CardSetups } from './card-setup.js';
import { CustomerGone } from './customer-gone.js';
import { declineIsCustomerMissing, type PaymentGateway } from './gateway.js';
import { GatewaySession } from './gateway-session.js';
import { PaymentNotices } from './notices.js';
import { PayExecutor } from './pay-executor.js';
import { PaymentAccount } from './payment-account.js';
import { PaymentRecorder } from './payment-recorder.js';
import { PaymentStore } from './payment-store.js';
import { PaymentSync } from './payment-sync.js';
import { Purchases } from './purchases.js';
import { RefillControl } from './refill-control.js';
import { RefillReopenSource } from './refill-reopen-source.js';
import { SavedCards } from './saved-cards.js';

/**
 * The collaborators behind the Payments facade. Only the payments module and
 * its own tests see them: hosts go through Payments' methods.
 */
export interface PaymentParts {
  engine: Engine;
  store: PaymentStore;
  cards: SavedCards;
  account: PaymentAccount;
  notices: PaymentNotices;
  recorder: PaymentRecorder;
  purchases: Purchases;
  refill: AutoRefill;
  refillControl: RefillControl;
  syncer: PaymentSync;
  /** Cards added in the browser (Checkout in setup mode): `cards setup`, Billing's Add card. */
  cardSetups: CardSetups;
  cardActions: CardActions;
  session: GatewaySession;
  gone: CustomerGone;
}

/**
 * Wires payments onto the engine: auto-refill joins the settle loop as hooks,
 * a reopened refill cap as a due source. The gateway opens on first use.
 */
export function wirePayments(engine: Engine, openGateway: () => Promise<PaymentGateway>): PaymentParts {
  const db = engine.db;
  const now = () => engine.now();
  const store = new PaymentStore(db);
  const cards = new SavedCards(db);
  const account = new PaymentAccount(engine.settings);
  const notices = new PaymentNotices(db);
  const recorder = new PaymentRecorder(engine, store, () => account.customerId());
  const binding = new BackendBinding(db, engine.settings, account, cards);
  // The collaborators ask for the gateway when they pay; the session opens and binds it then.
  const gw = () => session.gateway();
  const executor = new PayExecutor(store, recorder, cards, gw, now);
  const purchases = new Purchases(engine, store, executor, account, cards, gw);
  const refill = new AutoRefill(engine, store, recorder, executor, account, cards, notices, gw);
  const cardsChanged = () => void refill.afterCardsChanged(engine.now());
  const session: GatewaySession = new GatewaySession(openGateway, binding, cardsChanged);
  const gone = new CustomerGone(account, binding, cardsChanged);
  const syncer = new PaymentSync(engine, store, recorder, executor, purchases, notices, gw, binding.events, () => binding.current());
  const cardSetups = new CardSetups(engine, account, cards, gw, (err) => gone.refusal(err));
  engine.addHooks(refill);
  // A cap window reopening while refill is still wanted is due in the settle loop (auto-refill comes back).
  engine.addSource(new RefillReopenSource(engine, refill, store, account));
  // One place for "the customer is gone", whichever payment (purchase, refill, a later resolution) learned it.
  recorder.onOutcome((_p, o) => {
    if (o.status === 'failed' && declineIsCustomerMissing(o.decline)) gone.forget();
  });
  return {
    engine,
    store,
    cards,
    account,
    notices,
    recorder,
    purchases,
    refill,
    refillControl: new RefillControl(engine, store, cards, session, refill, notices),
    syncer,
    cardSetups,
    cardActions: new CardActions(engine, account, cards, session, refill, gone),
    session,
    gone,
  };
}
