import { describe, expect, it } from 'vitest';
import { parseWebArgs, WEB_USAGE } from '../../../main/host/web/web-args.js';

describe('npm run start:web -- options', () => {
  it.each([
    [[], { port: 0, open: true, dataDir: null, rendererDir: null, help: false }],
    [['--port', '8080', '--no-open'], { port: 8080, open: false }],
    [['--data-dir', '/tmp/b', '--renderer', 'out/r'], { dataDir: '/tmp/b', rendererDir: 'out/r' }],
    [['--help'], { help: true }],
    [['-h'], { help: true }],
  ])('%j', (argv, want) => {
    expect(parseWebArgs(argv)).toMatchObject(want);
  });

  it.each([
    [['--port', '70000'], /--port must be 0–65535/],
    [['--port'], /--port needs a value/],
    [['--data-dir', '--no-open'], /--data-dir needs a value/],
    [['--verbose'], /unknown option --verbose .*--help/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseWebArgs(argv)).toThrow(message);
  });

  it('the usage names every option', () => {
    for (const o of ['--port', '--no-open', '--data-dir', '--renderer', 'BURNRATE_TEST_CONTROLS']) expect(WEB_USAGE).toContain(o);
  });
});
