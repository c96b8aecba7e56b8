/**
 * Form parsing against hostile parameter names: a form field must never reach
 * Object.prototype or any other shared object of the process, and the decoded
 * params carry nothing inherited (null-prototype objects, arrays, strings).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { pinOwnPages } from '../../main/stripe-sandbox/own-pages.js';
import { parseForm } from '../../main/stripe-sandbox/params.js';
import type { Param } from '../../main/stripe-sandbox/types.js';
import { seeded } from '../support/property-seed.js';

/** Own property names of the shared objects a form key could reach through a prototype chain. */
const SHARED = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Object, Function];
const snapshot = () => SHARED.map((o) => Reflect.ownKeys(o).map((k) => [k, Object.getOwnPropertyDescriptor(o, k)?.value] as const));
const before = snapshot();

/** Whether any shared object gained, lost or changed a property since the module loaded. */
function sharedUntouched(): boolean {
  const now = snapshot();
  return now.every((props, i) => props.length === before[i]!.length && props.every(([k, v], j) => before[i]![j]![0] === k && Object.is(before[i]![j]![1], v)));
}

/** Every object in a decoded tree has a null prototype; arrays are plain arrays; leaves are strings. */
function noInherited(value: Param): boolean {
  if (typeof value === 'string') return true;
  if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype && value.every(noInherited);
  return Object.getPrototypeOf(value) === null && Object.values(value).every(noInherited);
}

/** Parses without letting the expected 400s for refused names end the property. */
function tryParse(text: string): Param | 'refused' {
  try {
    return pinOwnPages(parseForm(text));
  } catch (err) {
    if (err instanceof Error && 'status' in err && err.status === 400) return 'refused';
    throw err;
  }
}

afterEach(() => {
  // If a case did pollute, undo it so the failure does not spread to the rest of the run.
  for (const name of ['call', 'x', 'polluted']) {
    for (const o of SHARED) if (!before[SHARED.indexOf(o)]!.some(([k]) => k === name)) delete (o as unknown as Record<string, unknown>)[name];
  }
  Object.prototype.hasOwnProperty.call = Function.prototype.call;
});

describe('parseForm: hostile parameter names', () => {
  it.each([
    ['hasOwnProperty[call]=x', 'a method of Object.prototype used as a hash'],
    ['toString[x]=1', 'another inherited method'],
    ['valueOf[0]=1', 'an inherited method as an array'],
    ['hasOwnProperty=x&toString=y', 'inherited names as plain values'],
    ['isPrototypeOf[bind][call]=x', 'three levels into Function.prototype'],
    ['metadata[toString]=x', 'inherited name one level down'],
    ['a[][toString][call]=x', 'inside an array element'],
  ])('%s (%s) decodes to own data only and leaves shared objects alone', (form) => {
    const params = tryParse(form);
    expect(sharedUntouched()).toBe(true);
    expect(Object.prototype.hasOwnProperty.call({ k: 1 }, 'k')).toBe(true);
    expect(params).not.toBe('refused');
    expect(noInherited(params as Param)).toBe(true);
  });

  it.each(['__proto__[polluted]=1', 'constructor[prototype][polluted]=1', 'a[__proto__][polluted]=1', 'a[constructor]=x', 'prototype=x', 'a[0][__proto__]=x'])(
    '%s is refused with a 400 and changes nothing',
    (form) => {
      expect(tryParse(form)).toBe('refused');
      expect(sharedUntouched()).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('a name that is absent reads as undefined, never as something inherited', () => {
    const params = parseForm('a=1') as Record<string, unknown>;
    for (const name of ['toString', 'hasOwnProperty', 'constructor', 'valueOf', '__proto__']) expect(params[name]).toBeUndefined();
  });

  it('nesting deeper than Stripe ever uses is refused, not a stack overflow', () => {
    expect(tryParse(`a${'[b]'.repeat(50_000)}=1`)).toBe('refused');
  });
});

describe('parseForm: fuzzed (fast-check, seeded by test/support/property-seed.ts)', () => {
  const word = fc.oneof(
    fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'hasOwnProperty',
      'toString',
      'valueOf',
      'call',
      'apply',
      'bind',
      'length',
      'metadata',
      'expand',
      '0',
      '1',
      '',
      'polluted',
      'isPrototypeOf',
      '__defineGetter__',
    ),
    fc.string({ maxLength: 6 }),
  );
  const key = fc.tuple(word, fc.array(word, { maxLength: 4 })).map(([head, rest]) => head + rest.map((s) => `[${s}]`).join(''));
  const form = fc.array(fc.tuple(key, fc.oneof(word, fc.string({ maxLength: 4 }))), { maxLength: 8 });

  it('never touches shared objects, and what it decodes has no inherited surprises', () => {
    fc.assert(
      fc.property(form, (pairs) => {
        const text = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const params = tryParse(text);
        if (!sharedUntouched()) return false;
        return params === 'refused' || noInherited(params);
      }),
      seeded({ numRuns: 2_000 }),
    );
  });
});
