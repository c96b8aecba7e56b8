import fc from 'fast-check';

/** Strings that have broken input handling elsewhere: injection, control characters, odd unicode, number look-alikes. */
export const NASTY_STRINGS = [
  "'; DROP TABLE ledger_entries; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '\u0000',
  '\u202e\u0041\u0042',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🚀🔥',
  'Ω≈ç√∫',
  '%s%s%n',
  '${7*7}',
  '__proto__',
  'constructor',
  '1e3',
  '5.005',
  '-1',
  '0x10',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  ' ',
  '',
  'a'.repeat(10_000),
] as const;

/** Any hostile scalar: wrong types, huge and special numbers, unicode, injection strings. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.constantFrom<unknown>(0, -0, 1, -1, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, Number.NaN, Infinity, -Infinity, 0.5, 5.005, 1e-9),
  fc.double(),
  fc.boolean(),
  fc.constantFrom<unknown>(null, undefined),
);

/** Field names the contract and CLI use, so objects sometimes get near a handler's real shape. */
const KEYS = [
  'name', 'model', 'params', 'paramsB', 'precision', 'tier', 'id', 'ids', 'pack', 'usd', 'card', 'cardId', 'paymentMethod', 'code',
  'credits', 'thresholdCredits', 'amountCredits', 'maxPerDay', 'monthlyLimitCredits', 'enabled', 'from', 'to', 'kind', 'kinds', 'limit',
  'beforeId', 'search', 'days', 'windows', 'timeZone', 'start', 'end', 'email', 'mode', 'apiKey', 'url', 'format', 'autoResume',
  'lowBalanceThresholds', 'sessionId', 'suggestionId', 'key', 'value', 'deploymentId', 'add', 'type',
];

/** Any hostile value: scalars, arrays, objects with real and junk keys, nested. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileScalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), tie('v'), { maxKeys: 6 }),
  ),
})).v;
