import { describe, expect, it } from 'vitest';
import type { ControlView } from '../../preload/contract';
import { controlChanged, type ControlForm } from '../../renderer/src/features/deployments/control-form';

const AT = '2025-03-03T09:00:00.000Z';
const COMMAND: ControlView['control'] = {
  kind: 'command',
  command: '/usr/local/bin/gpu-hook',
  args: ['chat-70b', 'inference'],
  verifyUrl: 'http://10.0.0.5:8000/health',
  updatedAt: AT,
};
const WEBHOOK: ControlView['control'] = { kind: 'webhook', url: 'https://ops.example.com/burnrate', hasSecret: true, verifyUrl: null, updatedAt: AT };

/** The form as the dialog fills it from a stored control (the secret is never filled in). */
const filled = (c: NonNullable<ControlView['control']>): ControlForm => ({
  kind: c.kind,
  command: c.kind === 'command' ? c.command : '',
  args: c.kind === 'command' ? c.args.join('\n') : '',
  url: c.kind === 'webhook' ? c.url : '',
  secret: '',
  verifyUrl: c.verifyUrl ?? '',
});
const empty: ControlForm = { kind: 'command', command: '', args: '', url: '', secret: '', verifyUrl: '' };

/**
 * Save in the Control dialog sends the control only when there is one to
 * send: changing only the idle limit must work on a deployment without a
 * control (as `deploy idle` does) and on a webhook whose secret is kept (the
 * form never holds it, and the engine refuses a webhook without one).
 */
describe('the Control dialog sends the control only when the form changed it', () => {
  it.each<[string, ControlView['control'], ControlForm, boolean]>([
    ['no control, an empty form (only the idle limit set)', null, empty, false],
    ['no control, only a verify URL typed (the engine says the command is missing)', null, { ...empty, verifyUrl: 'http://x/health' }, true],
    ['no control, a webhook secret typed without a URL', null, { ...empty, kind: 'webhook', secret: 'whsec_abcd' }, true],
    ['no control, a URL left in the webhook form while the command form is chosen and empty', null, { ...empty, url: 'https://x/y' }, false],
    ['no control, a command typed', null, { ...empty, command: '/usr/local/bin/gpu-hook' }, true],
    ['no control, a webhook URL typed', null, { ...empty, kind: 'webhook', url: 'https://ops.example.com/b' }, true],
    ['a command, untouched', COMMAND, filled(COMMAND!), false],
    ['a command, untouched but for blank lines and spaces around the arguments', COMMAND, { ...filled(COMMAND!), args: ' chat-70b\n\ninference \n' }, false],
    ['a command, an argument changed', COMMAND, { ...filled(COMMAND!), args: 'chat-8b\ninference' }, true],
    ['a command, its path changed', COMMAND, { ...filled(COMMAND!), command: '/opt/hook' }, true],
    ['a command, its verify URL removed', COMMAND, { ...filled(COMMAND!), verifyUrl: '' }, true],
    ['a command, switched to a webhook', COMMAND, { ...filled(COMMAND!), kind: 'webhook', url: 'https://x/y', secret: 'whsec_abcd' }, true],
    ['a webhook with its secret kept, untouched', WEBHOOK, filled(WEBHOOK!), false],
    ['a webhook, a new secret typed', WEBHOOK, { ...filled(WEBHOOK!), secret: 'whsec_abcd' }, true],
    ['a webhook, a verify URL added', WEBHOOK, { ...filled(WEBHOOK!), verifyUrl: 'http://x/health' }, true],
    ['a webhook, its URL changed', WEBHOOK, { ...filled(WEBHOOK!), url: 'https://ops.example.com/other' }, true],
  ])('%s: %s', (_name, stored, form, expected) => {
    expect(controlChanged(stored, form)).toBe(expected);
  });
});
