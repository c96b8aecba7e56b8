import { describe, expect, it } from 'vitest';
import { keepRedacted, redactUrl, redactUrlsIn } from '../../../main/core/control/redact-url.js';

describe('a URL as Burnrate shows it hides its query string, fragment and user:password', () => {
  it.each([
    ['https://ops.example.com/burnrate?token=s3cr3t', 'https://ops.example.com/burnrate?…'],
    ['https://ops.example.com/burnrate?s3cr3t', 'https://ops.example.com/burnrate?…'],
    ['https://ops.example.com/hook#s3cr3t', 'https://ops.example.com/hook#…'],
    ['https://alice:s3cr3t@ops.example.com:8443/hook', 'https://…@ops.example.com:8443/hook'],
    ['http://alice@10.0.0.5:8000/health?k=s3cr3t&x=1', 'http://…@10.0.0.5:8000/health?…'],
    ['http://10.0.0.5:8000/health', 'http://10.0.0.5:8000/health'],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
    expect(redactUrl(url)).not.toContain('s3cr3t');
  });

  it.each([
    ['exit 3: GET https://api.example.com/v1/scale?key=s3cr3t failed', 'exit 3: GET https://api.example.com/v1/scale?… failed'],
    ['HTTP 500', 'HTTP 500'],
    ['could not reach "http://u:s3cr3t@h/x" now', 'could not reach "http://…@h/x" now'],
  ])('inside text: %s', (text, shown) => {
    expect(redactUrlsIn(text)).toBe(shown);
  });

  it.each([
    ['the redacted form of the stored URL keeps the stored one', 'https://h/x?…', 'https://h/x?token=s3cr3t', 'https://h/x?token=s3cr3t'],
    ['a new URL replaces it', 'https://h/y?token=new', 'https://h/x?token=s3cr3t', 'https://h/y?token=new'],
    ['a URL with nothing hidden is simply given', 'https://h/x', 'https://h/x', 'https://h/x'],
    ['no stored URL', 'https://h/x?…', null, 'https://h/x?…'],
  ])('setting again: %s', (_name, given, stored, kept) => {
    expect(keepRedacted(given, stored)).toBe(kept);
  });
});
