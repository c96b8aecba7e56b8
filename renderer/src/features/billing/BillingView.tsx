import { useEffect, useRef } from 'react';
import { useNav } from '../../app/nav-store';
import { useSnapshot } from '../../app/snapshot-store';
import { formatCredits } from '../../format/credits';
import { useSettings } from '../settings/settings-store';
import { AutoRefillForm } from './AutoRefillForm';
import { useBilling } from './billing-store';
import { BuyCredits } from './BuyCredits';
import { CouponForm } from './CouponForm';
import { SavedCards } from './SavedCards';
import { TransactionsTable } from './TransactionsTable';
import { offer, useAllowed } from '../team/allowed';

/** Add credits, cards, auto-refill, coupons and the transactions. */
export function BillingView() {
  const balance = useSnapshot((s) => s.snapshot?.balance);
  const version = useSnapshot((s) => s.version);
  const mode = useSettings((s) => s.mode);
  const focus = useNav((s) => s.focus);
  const syncPayments = useBilling((s) => s.syncPayments);
  const refillRef = useRef<HTMLElement>(null);
  const sync = useAllowed('payments/sync');

  useEffect(() => {
    useBilling
      .getState()
      .load()
      .catch(() => undefined);
  }, [version]);
  useEffect(() => {
    useSettings
      .getState()
      .load()
      .catch(() => undefined);
    // A purchase or coupon line speaks of the moment it was made: it is not left to contradict the balance later.
    return () => useBilling.setState({ purchase: null, coupon: null });
  }, []);
  useEffect(() => {
    if (focus === 'auto-refill') refillRef.current?.scrollIntoView({ block: 'start' });
  }, [focus]);

  return (
    <div className="stack">
      <div className="row">
        <h1>Billing</h1>
        <span className="spacer" />
        {balance !== undefined ? <span className="num">Balance {formatCredits(balance)}</span> : null}
      </div>
      <div className="grid-2">
        <section className="panel" aria-labelledby="buy-title">
          <h2 id="buy-title">Add credits</h2>
          <BuyCredits />
          <button className="link small" onClick={() => syncPayments().catch(() => undefined)} {...offer(sync)}>
            Paid in the browser? Check for the payment now
          </button>
        </section>
        <div className="stack">
          <section className="panel" aria-labelledby="cards-title">
            <h2 id="cards-title">Saved cards</h2>
            <SavedCards sandbox={mode?.mode !== 'stripe_test'} />
          </section>
          <section className="panel" aria-labelledby="coupon-title">
            <h2 id="coupon-title">Coupon</h2>
            <CouponForm />
          </section>
        </div>
      </div>
      <section className="panel" aria-labelledby="refill-title" ref={refillRef}>
        <h2 id="refill-title">Auto-refill</h2>
        <AutoRefillForm />
      </section>
      <section className="panel" aria-labelledby="tx-title">
        <h2 id="tx-title">Transactions</h2>
        <TransactionsTable />
      </section>
    </div>
  );
}
