/**
 * `sunshine serve`'s flags for the citizen and public pages (#18) reach the server: bad values
 * are refused with exit 2 and a message naming the flag, before anything starts; --help lists them.
 */
import { describe, expect, it } from 'vitest';
import { fakeLibrary, runCli } from './fake-library.js';

describe('sunshine serve --kiosk / --disclose-funds / --disclosure-config', () => {
  it('refuses bad values, naming the flag', async () => {
    for (const [args, message] of [
      [['--kiosk', '--idle-seconds', '0'], '`--idle-seconds` must be an integer ≥ 1'],
      [['--citizen-session-minutes', 'x'], '`--citizen-session-minutes` must be an integer ≥ 1'],
      [['--disclose-funds', ','], '`--disclose-funds` takes fund codes'],
      [['--disclosure-config', '/nonexistent/disclosure.json'], '`--disclosure-config`'],
    ] as const) {
      const r = await runCli(['serve', ...args], fakeLibrary());
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(message);
    }
  });

  it('lists the flags in serve --help', async () => {
    const r = await runCli(['serve', '--help'], fakeLibrary());
    for (const flag of ['--kiosk', '--idle-seconds', '--citizen-session-minutes', '--disclose-funds', '--disclosure-config']) expect(r.out + r.err).toContain(flag);
  });
});
