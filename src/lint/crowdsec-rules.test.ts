import { describe, expect, it } from 'vitest';
import { fakeEnv, type FakeFile } from '../../test-support/fake-env.js';
import { formatFinding } from './format.js';
import { lintConf } from './lint-conf.js';

const BASE = [
  'TCP_PORTS="1,11,15"',
  'UDP_PORTS="1,7,9"',
  'IGNORE_FILE="/etc/portsentry/portsentry.ignore"',
  'HISTORY_FILE="/var/lib/portsentry/portsentry.history"',
  'BLOCKED_FILE="/var/lib/portsentry/portsentry.blocked"',
  'SCAN_TRIGGER="0"',
  'CROWDSEC_CREDENTIALS="/etc/portsentry/crowdsec.yaml"',
];
const GOOD = 'url: http://127.0.0.1:8080/\nlogin: host-a\npassword: secret\n';

/** the crowdsec-credentials findings for BASE with the credentials file given (absent when undefined) */
const lint = (credentials: FakeFile | undefined, extra: string[] = []): string[] =>
  lintConf(
    'p.conf',
    {},
    fakeEnv({
      files: {
        'p.conf': { content: [...BASE, ...extra].join('\n') + '\n' },
        '/etc/portsentry/portsentry.ignore': { content: '127.0.0.1/32\n' },
        '/var/lib/portsentry/portsentry.history': { content: '' },
        ...(credentials === undefined ? {} : { '/etc/portsentry/crowdsec.yaml': credentials }),
      },
      hostAddresses: ['127.0.0.1'],
    }),
  )
    .findings.filter((f) => f.rule === 'crowdsec-credentials' || f.rule === 'bad-extension-value')
    .map(formatFinding);

describe('lint conf and the CrowdSec credentials file', () => {
  it('finds nothing wrong with a private file that has url, login and password', () => {
    expect(lint({ content: GOOD, mode: 0o600 })).toEqual([]);
  });
  it('warns when everyone can read the password', () => {
    expect(lint({ content: GOOD, mode: 0o644 })).toEqual([
      "p.conf:7:23: warning: CROWDSEC_CREDENTIALS: /etc/portsentry/crowdsec.yaml is readable by everyone (mode 0644): it holds the machine's password [crowdsec-credentials]\n    hint: chmod o-rwx /etc/portsentry/crowdsec.yaml\n",
    ]);
  });
  it('says the file is missing, and how to make it', () => {
    expect(lint(undefined)).toEqual([
      'p.conf:7:23: error: CROWDSEC_CREDENTIALS: /etc/portsentry/crowdsec.yaml: cannot be read (no such file or directory): nothing is pushed [crowdsec-credentials]\n    hint: cscli lapi register -f /etc/portsentry/crowdsec.yaml\n',
    ]);
  });
  it('names each missing field and a URL that is not http (sorted as every finding at one place)', () => {
    expect(lint({ content: 'url: ftp://x/\nlogin: host-a\n', mode: 0o600 })).toEqual([
      'p.conf:7:23: error: CROWDSEC_CREDENTIALS: /etc/portsentry/crowdsec.yaml: field "password": expected a non-empty string, found nothing: nothing is pushed [crowdsec-credentials]\n',
      'p.conf:7:23: error: CROWDSEC_CREDENTIALS: /etc/portsentry/crowdsec.yaml: field "url": expected an http:// or https:// URL, found "ftp://x/": nothing is pushed [crowdsec-credentials]\n',
    ]);
  });
  it('checks the values of CROWDSEC_PUSH and CROWDSEC_SCENARIO', () => {
    expect(lint({ content: GOOD, mode: 0o600 }, ['CROWDSEC_PUSH="always"', 'CROWDSEC_SCENARIO="port scan"'])).toEqual([
      'p.conf:8:16: warning: CROWDSEC_PUSH="always": expected "blocked" or "detected", found "always" [bad-extension-value]\n',
      'p.conf:9:20: warning: CROWDSEC_SCENARIO="port scan": expected a scenario name such as "author/name", found "port scan" [bad-extension-value]\n',
    ]);
  });
});
