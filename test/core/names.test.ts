import { describe, expect, it } from 'vitest';
import { NAME_RULES, validateName } from '../../main/core/names.js';
import { RefusedError } from '../../main/core/errors.js';
import { T0, memoryEngine, spec } from '../support/engine-fixture.js';

/** Each character no name may hold, with what it is. */
const FORBIDDEN: [string, string][] = [
  ['ESC', '\u001b'],
  ['BEL', '\u0007'],
  ['NUL', '\u0000'],
  ['newline', '\n'],
  ['carriage return', '\r'],
  ['tab', '\t'],
  ['DEL', '\u007f'],
  ['C1 CSI', '\u009b'],
  ['LRE U+202A', '\u202a'],
  ['RLE U+202B', '\u202b'],
  ['PDF U+202C', '\u202c'],
  ['LRO U+202D', '\u202d'],
  ['RLO U+202E', '\u202e'],
  ['LRI U+2066', '\u2066'],
  ['RLI U+2067', '\u2067'],
  ['FSI U+2068', '\u2068'],
  ['PDI U+2069', '\u2069'],
  ['LRM U+200E', '\u200e'],
  ['RLM U+200F', '\u200f'],
  ['ALM U+061C', '\u061c'],
  ['zero-width space U+200B', '\u200b'],
  ['zero-width non-joiner U+200C', '\u200c'],
  ['zero-width joiner U+200D', '\u200d'],
  ['word joiner U+2060', '\u2060'],
  ['BOM U+FEFF', '\ufeff'],
  ['line separator U+2028', '\u2028'],
  ['paragraph separator U+2029', '\u2029'],
  ['lone surrogate', '\ud800'],
  ['Hangul filler U+3164 (draws nothing)', '\u3164'],
  ['Hangul choseong filler U+115F', '\u115f'],
  ['combining grapheme joiner U+034F', '\u034f'],
  ['variation selector U+FE0F', '\ufe0f'],
  ['object replacement character U+FFFC', '\ufffc'],
];

describe('names (deployments, models, tiers, coupon codes): one rule in the core', () => {
  it.each(FORBIDDEN)('a name holding %s (in the middle, at the start, at the end) is refused, naming the character', (_what, ch) => {
    const cp = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    for (const name of [`llama${ch}70b`, `${ch}llama`, `llama${ch}`]) {
      expect(() => validateName(name, NAME_RULES.deployment)).toThrow(
        expect.objectContaining({
          code: 'invalid_name',
          message: `a deployment name cannot contain control or invisible formatting characters (found U+${cp})`,
        }),
      );
    }
  });

  it.each([
    ['llama-70b', 'llama-70b'],
    ['  llama 70b  ', 'llama 70b'],
    ['Modèle ünïcode', 'Modèle ünïcode'],
    ['日本語モデル', '日本語モデル'],
    ['نموذج', 'نموذج'],
    ['rocket 🚀', 'rocket 🚀'],
    ['x'.repeat(100), 'x'.repeat(100)],
    ['🚀'.repeat(100), '🚀'.repeat(100)],
  ])('%j is accepted as %j', (name, kept) => {
    expect(validateName(name, NAME_RULES.deployment)).toBe(kept);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['101 characters', 'x'.repeat(101)],
    ['not text', 42],
    ['null', null],
  ])('%s is refused with the length rule', (_what, name) => {
    expect(() => validateName(name, NAME_RULES.deployment)).toThrow(
      expect.objectContaining({ code: 'invalid_name', message: 'a deployment name is 1–100 characters' }),
    );
  });
});

describe('every name the engine takes goes through that rule', () => {
  it.each([
    ['a deployment name', { name: 'evil\u001b[2Jname' }, 'invalid_name'],
    ['a deployment name with a bidi override', { name: 'abc\u202Egpj.exe' }, 'invalid_name'],
    ['a model name', { model: 'llama\n3' }, 'invalid_model'],
  ])('%s with a control character is refused and nothing is created', async (_what, override, code) => {
    const { engine } = memoryEngine();
    await expect(engine.createDeployment(spec(override))).rejects.toThrow(expect.objectContaining({ code }));
    expect(engine.deployments.list()).toEqual([]);
  });

  it.each([
    ['BEL', 'FREE\u0007'],
    ['a zero-width space', 'FR\u200bEE'],
    ['a newline', 'FREE\n'],
  ])('a coupon code with %s is refused at creation and at redemption', async (_what, code) => {
    const { engine } = memoryEngine();
    await expect(engine.createCoupon({ code, credits: 100 })).rejects.toThrow(expect.objectContaining({ code: 'invalid_coupon_code' }));
    await expect(engine.redeemCoupon(code)).rejects.toThrow(
      expect.objectContaining({ code: 'invalid_coupon_code', message: expect.not.stringContaining(code) }),
    );
    expect(engine.ledger.balance()).toBe(0);
  });

  it.each([
    ['41 characters', 'G'.repeat(41), 'invalid_tier_name'],
    ['an ESC', 'GPU\u001bXL', 'invalid_tier_name'],
    ['an RLO', 'GPU\u202eXL', 'invalid_tier_name'],
    ['no name', '', 'invalid_tier_name'],
  ])('a new tier named with %s is refused (a refusal, not a database error) and the catalog is unchanged', (_what, name, code) => {
    const { engine } = memoryEngine();
    expect(() => engine.catalog.setPrice('XL', 900, T0, { name, memoryGb: 320 })).toThrow(RefusedError);
    expect(() => engine.catalog.setPrice('XL', 900, T0, { name, memoryGb: 320 })).toThrow(expect.objectContaining({ code }));
    expect(engine.catalog.list(T0).map((t) => t.code)).toEqual(['S', 'M', 'L']);
  });

  it.each([0, -1, 1.5, Number.NaN, 100_001])('a new tier with %s GB of memory is refused', (memoryGb) => {
    const { engine } = memoryEngine();
    expect(() => engine.catalog.setPrice('XL', 900, T0, { name: 'GPU XL', memoryGb })).toThrow(expect.objectContaining({ code: 'invalid_memory' }));
  });

  it('a 40-character tier name is accepted', () => {
    const { engine } = memoryEngine();
    engine.catalog.setPrice('XL', 900, T0, { name: 'G'.repeat(40), memoryGb: 320 });
    expect(engine.catalog.get('XL', T0).name).toBe('G'.repeat(40));
  });
});
