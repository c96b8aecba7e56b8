import fs from 'node:fs';
import path from 'node:path';
import { RefusedError } from '../errors.js';
import type { ControlTarget } from './control-types.js';

/** What setting a control takes (from the CLI or a handler). */
export type ControlInput =
  | { kind: 'command'; command: string; args?: string[]; verifyUrl?: string | null }
  | { kind: 'webhook'; url: string; secret: string; verifyUrl?: string | null };

/** An http(s) URL, or a refusal naming the option. */
export function checkUrl(text: unknown, what: string): string {
  const t = typeof text === 'string' ? text.trim() : '';
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    throw new RefusedError('invalid_url', `${what} must be an http:// or https:// URL, got '${String(text)}'`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RefusedError('invalid_url', `${what} must be an http:// or https:// URL, got '${t}'`);
  if (u.username || u.password) throw new RefusedError('invalid_url', `${what} must not carry a user or password; a webhook is signed with its secret`);
  if (t.length > 2048) throw new RefusedError('invalid_url', `${what} is longer than 2,048 characters`);
  return u.toString();
}

/** Checks a Standard Webhooks secret: `whsec_` then base64. */
export function checkSecret(text: unknown): string {
  const t = typeof text === 'string' ? text.trim() : '';
  if (!/^whsec_[A-Za-z0-9+/]{4,}={0,2}$/.test(t) || t.length > 200) {
    throw new RefusedError(
      'invalid_secret',
      'the webhook secret is whsec_ followed by base64 (Standard Webhooks), e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    );
  }
  return t;
}

/**
 * Checks a control before anything is stored: the command is an absolute
 * path to an executable file (it runs without a shell, so no words or pipes),
 * URLs are http(s). Returns the target (without the secret) and the secret.
 */
export function validateControl(input: ControlInput): { target: ControlTarget; secret: string | null } {
  const verifyUrl = input.verifyUrl === undefined || input.verifyUrl === null || input.verifyUrl === '' ? null : checkUrl(input.verifyUrl, '--verify-url');
  if (input.kind === 'command') {
    const command = typeof input.command === 'string' ? input.command.trim() : '';
    if (!path.isAbsolute(command))
      throw new RefusedError('invalid_command', `--command must be an absolute path to an executable (it runs without a shell), got '${input.command}'`);
    try {
      if (!fs.statSync(command).isFile()) throw new Error('not a file');
      fs.accessSync(command, fs.constants.X_OK);
    } catch {
      throw new RefusedError('invalid_command', `${command} is not an executable file`);
    }
    const args = input.args ?? [];
    if (!Array.isArray(args) || args.length > 32 || args.some((a) => typeof a !== 'string' || a.length > 1000 || a.includes('\0'))) {
      throw new RefusedError('invalid_command', 'at most 32 --arg values of up to 1,000 characters each');
    }
    return { target: { kind: 'command', command, args: [...args], verifyUrl }, secret: null };
  }
  if (input.kind === 'webhook') {
    const url = checkUrl(input.url, '--webhook');
    return { target: { kind: 'webhook', url, verifyUrl }, secret: checkSecret(input.secret) };
  }
  throw new RefusedError('invalid_control', 'a control is a command or a webhook');
}
