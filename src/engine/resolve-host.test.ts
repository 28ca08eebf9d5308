import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { titled } from '../../test-support/guards.js';
import { resolveHost } from './resolve-host.js';

/** the name /etc/hosts gives ::1 (NSS reads files first), or null when it lists none */
const hostsName6 = ((): string | null => {
  try {
    const line = readFileSync('/etc/hosts', 'utf8')
      .split('\n')
      .find((l) => /^::1\s/.test(l));
    return line === undefined ? null : line.split(/\s+/)[1]!;
  } catch {
    return null;
  }
})();
const SKIP = hostsName6 === null ? 'needs an /etc/hosts line for ::1' : null;

describe('resolveHost', () => {
  it('refuses a text that is no address, IPv4 or IPv6 (1.2\'s "Error resolving host")', async () => {
    expect(await resolveHost('2001:db8:::1')).toBeNull();
    expect(await resolveHost('fe80::1%lo')).toBeNull();
    expect(await resolveHost('host.example')).toBeNull();
  });
  it.skipIf(SKIP !== null)(
    titled('resolves an IPv6 host through the system resolver (ENABLE_IPV6)', SKIP),
    async () => {
      expect(await resolveHost('::1')).toBe(hostsName6);
    },
  );
});
