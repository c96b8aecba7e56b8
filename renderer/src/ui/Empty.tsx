import type { ReactNode } from 'react';

/** What will appear here once there is data, so nothing looks broken. */
export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
