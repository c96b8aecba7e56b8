/** Decoding of Stripe's form encoding (`a[b][0]=v`) and typed, validated reads of the result. */
import { invalidParam, missingParam } from './errors.js';
import { type Param, type Params, SANDBOX_URL } from './types.js';

type Tree = { [key: string]: Tree | string };
/** Names refused outright: they mean nothing to Stripe and are how prototype pollution is usually tried. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
/** Stripe's deepest parameters (`line_items[0][price_data][product_data][name]`) have five segments. */
const MAX_DEPTH = 10;

/**
 * An empty object with no prototype: a form key such as `hasOwnProperty[call]`
 * then finds nothing inherited to walk into, and a read of an absent name is
 * undefined, never a method of Object.prototype.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Splits `a[b][]` into `['a', 'b', '']`. */
function segments(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return [key];
  return [key.slice(0, open), ...key.slice(open + 1, -1).split('][')];
}

/** Turns objects keyed 0..n into arrays, the way Stripe reads `items[0][x]`. */
function normalize(node: Tree | string): Param {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const values = keys.map((k) => normalize(node[k] as Tree | string));
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map((k, i) => [Number(k), values[i] as Param] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, v]) => v);
  }
  const out = dict<Param>();
  keys.forEach((k, i) => (out[k] = values[i] as Param));
  return out;
}

/**
 * Decodes a form body or query string into nested params. Every object in
 * the result has a null prototype (see dict), so no field name can reach or
 * shadow anything shared by the process.
 */
export function parseForm(text: string): Params {
  const root = dict<Tree | string>();
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = segments(rawKey);
    if (path.length > MAX_DEPTH) throw invalidParam(rawKey.slice(0, 100), 'Invalid parameter name: nested too deeply');
    let node = root;
    for (let i = 0; i < path.length; i += 1) {
      let seg = path[i] as string;
      if (FORBIDDEN.has(seg)) throw invalidParam(rawKey, `Invalid parameter name: ${rawKey}`);
      if (seg === '') seg = String(Object.keys(node).length);
      const existing = Object.hasOwn(node, seg) ? node[seg] : undefined;
      if (i === path.length - 1) {
        if (typeof existing === 'object') throw invalidParam(rawKey, `Invalid value for ${rawKey}: expected an object`);
        node[seg] = value;
      } else {
        const next = existing ?? dict<Tree | string>();
        if (typeof next === 'string') throw invalidParam(rawKey, `Invalid value for ${rawKey}: expected a string`);
        node[seg] = next;
        node = next;
      }
    }
  }
  return normalize(root) as Params;
}

/** Refuses parameters the endpoint does not know, like Stripe does (catches typos early). */
export function allowOnly(params: Params, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (key !== 'expand' && !allowed.includes(key)) {
      throw invalidParam(key, `Received unknown parameter: ${key}`, 'parameter_unknown');
    }
  }
}

/** Reads a string parameter; `name` is the wire name used in error messages. */
export function str(value: Param | undefined, name: string, required = false): string | undefined {
  if (value === undefined || value === '') {
    if (required) throw missingParam(name);
    return undefined;
  }
  if (typeof value !== 'string') throw invalidParam(name, `Invalid string: ${name} must be a string`);
  return value;
}

/** Reads an integer parameter within bounds. */
export function int(value: Param | undefined, name: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
  const text = str(value, name, opts.required);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw invalidParam(name, `Invalid integer: ${text}`, 'parameter_invalid_integer');
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw invalidParam(name, `Invalid integer: ${text}`, 'parameter_invalid_integer');
  if (opts.min !== undefined && n < opts.min) throw invalidParam(name, `This value must be greater than or equal to ${opts.min}.`);
  if (opts.max !== undefined && n > opts.max) throw invalidParam(name, `This value must be less than or equal to ${opts.max}.`);
  return n;
}

/** Reads a boolean parameter (`true`/`false`, as the SDK encodes them). */
export function bool(value: Param | undefined, name: string): boolean | undefined {
  const text = str(value, name);
  if (text === undefined) return undefined;
  if (text !== 'true' && text !== 'false') throw invalidParam(name, `Invalid boolean: ${text}`);
  return text === 'true';
}

/** Reads a string parameter restricted to a set of values. */
export function oneOf<T extends string>(value: Param | undefined, name: string, allowed: readonly T[], required = false): T | undefined {
  const text = str(value, name, required);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw invalidParam(name, `Invalid ${name}: must be one of ${allowed.join(', ')}`);
  }
  return text as T;
}

/** Reads a nested hash parameter such as `invoice_settings`. */
export function hash(value: Param | undefined, name: string): Params | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParam(name, `Invalid object: ${name} must be a hash`);
  return value;
}

/** Reads an array parameter (`expand[]=a`, `types[0]=b`). */
export function list(value: Param | undefined, name: string): Param[] {
  if (value === undefined || value === '') return [];
  if (!Array.isArray(value)) throw invalidParam(name, `Invalid array: ${name} must be an array`);
  return value;
}

/**
 * Applies a `metadata` update the way Stripe does: keys merge into what exists,
 * an empty value removes a key, and `metadata=` (empty) clears everything.
 */
export function applyMetadata(current: Record<string, string>, value: Param | undefined): Record<string, string> {
  if (value === undefined) return current;
  if (value === '') return {};
  const input = hash(value, 'metadata') ?? {};
  const next = { ...current };
  for (const [key, v] of Object.entries(input)) {
    if (typeof v !== 'string') throw invalidParam(`metadata[${key}]`, 'Invalid metadata value: must be a string');
    if (key.length > 40) throw invalidParam(`metadata[${key}]`, 'Metadata keys can have up to 40 characters.');
    if (v.length > 500) throw invalidParam(`metadata[${key}]`, 'Metadata values can have up to 500 characters.');
    if (v === '') delete next[key];
    else next[key] = v;
  }
  if (Object.keys(next).length > 50) throw invalidParam('metadata', 'Metadata can have up to 50 keys.');
  return next;
}

/** An optional absolute http(s) URL (a return or success page), refused as Stripe does (`url_invalid`) otherwise. */
export function urlParam(value: Param | undefined, name: string): string | undefined {
  const v = str(value, name);
  if (v === undefined) return undefined;
  // A link to the sandbox's own pages is stored port-free (own-pages.ts): any origin stands in for it here.
  const parsed = URL.parse(v.replace(SANDBOX_URL, 'http://127.0.0.1'));
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) throw invalidParam(name, 'Not a valid URL', 'url_invalid');
  return v;
}
