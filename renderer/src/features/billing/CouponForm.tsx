import { useState } from 'react';
import { useBilling } from './billing-store';
import { OutcomeLine } from './OutcomeLine';
import { Gate } from '../team/Gate';

/** One field and Apply; the message says what was added, or why not. */
export function CouponForm() {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const redeem = useBilling((s) => s.redeem);
  const outcome = useBilling((s) => s.coupon);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await redeem(code.trim());
    setBusy(false);
    setCode('');
  };
  return (
    <Gate channel="coupons/redeem">
      <form className="stack" onSubmit={submit}>
        <div className="row">
          <label className="inline">
            Coupon code
            <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" data-testid="coupon-code" />
          </label>
          <button type="submit" disabled={busy || code.trim() === ''} data-testid="coupon-apply">
            Apply
          </button>
        </div>
        <OutcomeLine outcome={outcome} testId="coupon-outcome" />
      </form>
    </Gate>
  );
}
