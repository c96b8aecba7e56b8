import type { Alert, View } from '../../preload/contract.js';

/** A desktop notification as the shell shows it, and where a click takes the user. */
export interface NotificationModel {
  title: string;
  body: string;
  view: View;
  deploymentId?: number;
  urgency: 'low' | 'normal' | 'critical';
}

const MAX_BODY = 240;

/** The notification for an alert: its title, its message (trimmed), and the view its action opens. */
export function notificationFor(alert: Alert): NotificationModel {
  const body = alert.message.length > MAX_BODY ? `${alert.message.slice(0, MAX_BODY - 1)}…` : alert.message;
  const view: View = alert.action?.view ?? 'alerts';
  return {
    title: alert.title,
    body,
    view,
    ...(alert.action?.deploymentId ? { deploymentId: alert.action.deploymentId } : {}),
    urgency: alert.severity === 'critical' ? 'critical' : alert.severity === 'warning' ? 'normal' : 'low',
  };
}
