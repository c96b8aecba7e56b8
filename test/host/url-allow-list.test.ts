import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from '../../main/host/url-allow-list.js';

const sandboxOrigin = 'http://127.0.0.1:43127';

describe('allowedExternalUrl', () => {
  it.each([
    'https://checkout.stripe.com/c/pay/cs_test_a1b2',
    'https://pay.stripe.com/receipts/payment/abc',
    'https://hooks.stripe.com/3d_secure_2/hosted?x=1',
    'http://127.0.0.1:43127/checkout/cs_test_123',
    'http://127.0.0.1:43127/authenticate/pi_123',
    'http://127.0.0.1:43127/receipts/ch_123',
  ])('allows %s', (url) => {
    expect(allowedExternalUrl(url, { sandboxOrigin })).toBe(new URL(url).href);
  });

  it.each([
    ['javascript: scheme', 'javascript:alert(1)'],
    ['javascript inside https text', 'javascript://checkout.stripe.com/%0aalert(1)'],
    ['file: scheme', 'file:///etc/passwd'],
    ['data: scheme', 'data:text/html,<script>alert(1)</script>'],
    ['plain http to stripe', 'http://checkout.stripe.com/c/pay/x'],
    ['foreign host', 'http://evil.com'],
    ['suffix trick', 'https://checkout.stripe.com.evil.com/c/pay'],
    ['prefix trick', 'https://evilcheckout.stripe.com/'],
    ['userinfo trick', 'https://checkout.stripe.com@evil.com/'],
    ['userinfo with password', 'https://user:pw@checkout.stripe.com/'],
    ['IDN lookalike (Cyrillic с)', 'https://\u0441heckout.stripe.com/'],
    ['punycode lookalike', 'https://xn--heckout-6ve.stripe.com/'],
    ['other port on stripe', 'https://checkout.stripe.com:8443/'],
    ['trailing dot host', 'https://checkout.stripe.com./c/pay'],
    ['whitespace prefix', ' https://checkout.stripe.com/'],
    ['tab inside', 'https://checkout.\tstripe.com/'],
    ['newline inside', 'https://checkout.stripe.com/\nx'],
    ['backslash host trick', 'https://evil.com\\@checkout.stripe.com/'],
    ['stripe.com itself', 'https://stripe.com/'],
    ['sandbox on another port', 'http://127.0.0.1:1/checkout/cs_1'],
    ['sandbox via localhost name', 'http://localhost:43127/checkout/cs_1'],
    ['sandbox API path', 'http://127.0.0.1:43127/v1/customers'],
    ['sandbox path traversal', 'http://127.0.0.1:43127/checkout/../v1/charges'],
    ['sandbox over https', 'https://127.0.0.1:43127/checkout/cs_1'],
    ['not a URL', 'checkout.stripe.com'],
    ['empty', ''],
    ['too long', `https://checkout.stripe.com/${'a'.repeat(3000)}`],
  ])('refuses %s', (_why, url) => {
    expect(allowedExternalUrl(url, { sandboxOrigin })).toBeNull();
  });

  it.each([[null], [undefined], [42], [{ href: 'https://checkout.stripe.com/' }]])('refuses the non-string %j', (value) => {
    expect(allowedExternalUrl(value, { sandboxOrigin })).toBeNull();
  });

  it('refuses sandbox pages when no sandbox runs', () => {
    expect(allowedExternalUrl('http://127.0.0.1:43127/checkout/cs_1', {})).toBeNull();
  });
});
