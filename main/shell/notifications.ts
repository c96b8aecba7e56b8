import { Notification } from 'electron';
import type { Services } from '../core/services.js';
import { alertDto } from '../host/handlers/alert-present.js';
import type { Alert, View } from '../../preload/contract.js';
import { LiveNotifications } from './live-notifications.js';
import { notificationFor } from './notification-text.js';

// Module-level so shown notifications outlive this call (see live-notifications.ts).
const live = new LiveNotifications<Notification>();

/** Shows one alert as a desktop notification (a team server's, announced once by the connected engine); a click opens its view. */
export function showAlertNotification(alert: Alert, open: (view: View, deploymentId?: number) => void): void {
  if (!Notification.isSupported()) return;
  const n = notificationFor(alert);
  live.show(new Notification({ title: n.title, body: n.body, urgency: n.urgency }), () => open(n.view, n.deploymentId));
}

/**
 * Drains the alerts delivery queue into desktop notifications. An alert stays
 * pending (and in the in-app list) until shown, so none is lost while the app
 * is closed; clicking one opens the view where it can be acted on.
 */
export function deliverPendingAlerts(services: Services, open: (view: View, deploymentId?: number) => void): number {
  const pending = services.alerts.pendingDeliveries(20);
  if (pending.length === 0) return 0;
  if (Notification.isSupported()) {
    for (const a of pending) {
      const n = notificationFor(alertDto(a));
      live.show(new Notification({ title: n.title, body: n.body, urgency: n.urgency }), () => open(n.view, n.deploymentId));
    }
  }
  services.alerts.markDelivered(pending.map((a) => a.id));
  return pending.length;
}
