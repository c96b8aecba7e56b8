import { describe, expect, it } from 'vitest';
import { shownUrl } from '../../../main/core/usage/shown-url.js';

describe('a metrics URL as members see it', () => {
  it.each([
    ['a user and a password', 'http://scraper:s3cret@10.0.0.5:8000/metrics', 'http://***:***@10.0.0.5:8000/metrics'],
    ['query values', 'https://prom.example/metrics?token=abc&job=vllm', 'https://prom.example/metrics?token=***&job=***'],
    ['a token as the user name', 'https://glpat-SECRET@gitlab.example/metrics', 'https://***@gitlab.example/metrics'],
    ['a fragment', 'http://10.0.0.5:8000/metrics#token=abc', 'http://10.0.0.5:8000/metrics'],
    ['nothing to hide', 'http://10.0.0.5:8000/metrics', 'http://10.0.0.5:8000/metrics'],
    ['an unreadable URL', 'not a url', 'http://unreadable.invalid/'],
  ])('hides %s, and showing it again changes nothing', (_name, url, shown) => {
    expect(shownUrl(url)).toBe(shown);
    expect(shownUrl(shownUrl(url))).toBe(shown);
  });
});
