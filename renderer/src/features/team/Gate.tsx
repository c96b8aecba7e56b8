import type { Channel } from '../../api/types';
import { type Allowance, useAllowed } from './allowed';

/**
 * A form or group of controls offered only when `channel` is allowed
 * (allowed.ts): otherwise every control inside is disabled (a disabled
 * fieldset) and one line says why. The line's test id is stable:
 * `not-allowed` with `data-channel`.
 */
export function Gate({ channel, children }: { channel: Channel; children: React.ReactNode }) {
  return (
    <GateView channel={channel} allowed={useAllowed(channel)}>
      {children}
    </GateView>
  );
}

/** What Gate renders for an allowance (apart, so it renders without the store). */
export function GateView({ channel, allowed, children }: { channel: Channel; allowed: Allowance; children: React.ReactNode }) {
  if (allowed.ok) return <>{children}</>;
  return (
    <fieldset className="gate" disabled>
      <p className="muted small" data-testid="not-allowed" data-channel={channel}>
        {allowed.reason}
      </p>
      {children}
    </fieldset>
  );
}
