import type { Alert as AlertDto, View } from '../../../preload/contract.js';
import type { Alert } from '../../core/alerts/alert-types.js';

/** Which screen an alert button's target opens. */
export function viewForTarget(target: string): View {
  if (target.startsWith('open:')) {
    const v = target.slice('open:'.length);
    if (v === 'cost-analysis' || v === 'analysis') return 'analysis';
    if (['dashboard', 'deployments', 'billing', 'alerts', 'settings'].includes(v)) return v as View;
    return 'dashboard';
  }
  if (target === 'pause-all' || target === 'resume-all' || /^pause:\d+$/.test(target)) return 'deployments';
  if (target === 'add-credits' || target === 'update-card' || target === 'confirm-payment' || target === 'auto-refill') return 'billing';
  return 'alerts';
}

/** An alert as the contract shows it: ISO time, its first action mapped to a view. */
export function alertDto(a: Alert): AlertDto {
  const first = a.actions[0];
  return {
    id: a.id,
    kind: a.kind,
    severity: a.severity,
    title: a.title,
    message: a.message,
    at: new Date(a.at).toISOString(),
    read: a.read,
    action: first ? { label: first.label, view: viewForTarget(first.target), ...(a.deploymentId ? { deploymentId: a.deploymentId } : {}) } : null,
    deploymentId: a.deploymentId,
    actions: a.actions.map((x) => ({ label: x.label, target: x.target, view: viewForTarget(x.target) })),
    resolved: a.resolvedAt !== null,
    raisedAt: new Date(a.raisedAt).toISOString(),
    data: a.data,
    delivery: a.delivery,
  };
}
