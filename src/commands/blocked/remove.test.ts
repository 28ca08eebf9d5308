import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = join(ROOT, 'bin', 'portsentry');
const EXPECTED = 'expected an IPv4 address (like 192.0.2.7) or an IPv6 address (like 2001:db8::7)';

/** the real CLI; the argument is refused before nft or any file is looked at */
const remove = (address: string) => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'commands', 'blocked', 'remove.js'))) {
    throw new Error('dist/src/commands/blocked/remove.js is missing: build first (npx tsc -p tsconfig.json)');
  }
  const r = spawnSync(
    process.execPath,
    [BIN, 'blocked', 'remove', address, '--nft', '/nonexistent/nft', '--config', '/nonexistent/portsentry.conf'],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return [r.status, r.stdout, r.stderr];
};
const refused = (message: string) => [1, '', `portsentry blocked remove: ${message}\n`];

describe('portsentry blocked remove ADDRESS with a hostile argument', () => {
  it('names the zone of a link-local address instead of printing "Invalid URL"', () => {
    expect(remove('fe80::1%eth0')).toEqual(
      refused('fe80::1%eth0: expected an IPv4 or IPv6 address without a zone (%eth0), found a zone id'),
    );
  });
  it('refuses brackets, and says which address was inside', () => {
    expect(remove('[::1]')).toEqual(refused('[::1]: expected an IPv6 address without brackets (::1), found brackets'));
    expect(remove('[fe80::1%eth0]')).toEqual(refused(`[fe80::1%eth0]: ${EXPECTED}, found brackets`));
  });
  it('refuses a network (CIDR) for IPv4 and IPv6', () => {
    expect(remove('10.0.0.0/8')).toEqual(
      refused('10.0.0.0/8: expected one address, found a prefix length (/8): portsentry blocks single hosts'),
    );
    expect(remove('2001:db8::/32')).toEqual(
      refused('2001:db8::/32: expected one address, found a prefix length (/32): portsentry blocks single hosts'),
    );
  });
  it('quotes an argument with spaces, an empty one, one with a newline, and cuts a long one', () => {
    expect(remove(' 127.0.0.2')).toEqual(refused(`" 127.0.0.2": ${EXPECTED} without spaces, found a space`));
    expect(remove('   ')).toEqual(refused(`"   ": ${EXPECTED} without spaces, found only spaces`));
    expect(remove('')).toEqual(refused(`"": ${EXPECTED}, found an empty argument`));
    expect(remove('127.0.0.2\n')).toEqual(refused(`"127.0.0.2\\n": ${EXPECTED}, found a control character (\\n)`));
    expect(remove('a'.repeat(300))).toEqual(
      refused(`"${'a'.repeat(60)}"... (300 characters): ${EXPECTED} of at most 45 characters, found 300 characters`),
    );
  });
  it('refuses a name, an address with a port and a dotted quad with leading zeros', () => {
    expect(remove('foo')).toEqual(refused(`foo: ${EXPECTED}, found neither`));
    expect(remove('1.2.3.4:80')).toEqual(refused(`1.2.3.4:80: ${EXPECTED}, found neither`));
    expect(remove('01.2.3.4')).toEqual(refused(`01.2.3.4: ${EXPECTED}, found neither`));
  });
});
