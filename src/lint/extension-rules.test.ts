import { describe, expect, it } from 'vitest';
import { fakeEnv } from '../../test-support/fake-env.js';
import { formatFinding } from './format.js';
import { lintConf } from './lint-conf.js';

const BASE = [
  'TCP_PORTS="1,11,15"',
  'UDP_PORTS="1,7,9"',
  'IGNORE_FILE="/etc/portsentry/portsentry.ignore"',
  'HISTORY_FILE="/var/lib/portsentry/portsentry.history"',
  'BLOCKED_FILE="/var/lib/portsentry/portsentry.blocked"',
  'SCAN_TRIGGER="0"',
];

/** The findings of the given rules for BASE plus `extra` lines (from line 7 on), as printed. */
const lint = (extra: string[], rules: string[]): string[] =>
  lintConf(
    'p.conf',
    {},
    fakeEnv({
      files: {
        'p.conf': { content: [...BASE, ...extra].join('\n') + '\n' },
        '/etc/portsentry/portsentry.ignore': { content: '127.0.0.1/32\n' },
        '/var/lib/portsentry/portsentry.history': { content: '' },
      },
      hostAddresses: ['127.0.0.1'],
    }),
  )
    .findings.filter((f) => rules.includes(f.rule))
    .map(formatFinding);

const RULES = ['extension-key', 'bad-extension-value', 'unknown-key', 'missing-quotes'];

describe('lint conf and the extension keys', () => {
  it('names an extension key as one 1.2 ignores instead of calling it unknown', () => {
    expect(lint(['ENABLE_IPV6="1"'], RULES)).toEqual([
      'p.conf:7:14: info: ENABLE_IPV6 is an extension key, which 1.2 ignores: detect, report and block IPv6 scanners as well [extension-key]\n',
    ]);
  });
  it('warns about a value the extension does not take, with what it expected and what it found', () => {
    expect(lint(['ENABLE_IPV6="yes"'], ['bad-extension-value'])).toEqual([
      'p.conf:7:14: warning: ENABLE_IPV6="yes": expected "0" or "1", found "yes" [bad-extension-value]\n',
    ]);
    expect(lint(['KILL_ROUTE6="/usr/sbin/ip6tables -I INPUT -j DROP"'], ['bad-extension-value'])).toEqual([
      'p.conf:7:14: warning: KILL_ROUTE6="/usr/sbin/ip6tables -I INPUT -j DROP": expected a command naming $TARGET$, found "/usr/sbin/ip6tables -I INPUT -j DROP" [bad-extension-value]\n',
    ]);
  });
  it('warns that an extension key without quotes is read as not set', () => {
    expect(lint(['ENABLE_IPV6=1'], RULES)).toEqual([
      'p.conf:7:1: warning: ENABLE_IPV6 has no quotes: it is read as if it were not set (IPv4 only, as 1.2) [missing-quotes]\n    hint: write ENABLE_IPV6="..."\n',
    ]);
  });
  it('suggests the extension key for a misspelt one', () => {
    expect(lint(['ENABLE_IPv6="1"'], RULES)).toEqual([
      'p.conf:7:1: warning: unknown option "ENABLE_IPv6": 1.2 ignores this line [unknown-key]\n    hint: did you mean ENABLE_IPV6?\n',
    ]);
  });
});
