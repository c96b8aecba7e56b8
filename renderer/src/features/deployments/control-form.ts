import type { ControlView } from '../../api/types';

/** Whether the Control dialog's form holds a command or a webhook. */
export type Kind = 'command' | 'webhook';

/** The control fields as the form holds them. */
export interface ControlForm {
  kind: Kind;
  command: string;
  args: string;
  url: string;
  secret: string;
  verifyUrl: string;
}

/** The fixed arguments, one per line (blank lines dropped). */
export const argList = (args: string) =>
  args
    .split('\n')
    .map((a) => a.trim())
    .filter(Boolean);

/**
 * Whether Save has a control to send: the form differs from the stored one (a
 * typed secret is a change), or, with none stored, has any of its fields filled (the engine says what is missing). So
 * changing only the idle limit never re-sends the control (a kept webhook
 * secret is not in the form) and works on a deployment without one, as
 * `deploy idle` does.
 */
export function controlChanged(stored: ControlView['control'], f: ControlForm): boolean {
  if (!stored) return [f.kind === 'command' ? f.command : f.url, f.kind === 'command' ? f.args : f.secret, f.verifyUrl].some((x) => x.trim() !== '');
  if (stored.kind !== f.kind || f.secret.trim() !== '' || (stored.verifyUrl ?? '') !== f.verifyUrl.trim()) return true;
  return stored.kind === 'command' ? stored.command !== f.command.trim() || stored.args.join('\n') !== argList(f.args).join('\n') : stored.url !== f.url.trim();
}
