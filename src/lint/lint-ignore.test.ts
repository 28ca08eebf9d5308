import { describe, expect, it } from 'vitest';
import { fakeEnv, type FakeFile } from '../../test-support/fake-env.js';
import { formatFinding } from './format.js';
import { lintIgnore } from './lint-ignore.js';

const GOOD = '127.0.0.1/32\n192.0.2.10\n';

const lint = (
  content: string,
  rule: string,
  file: Partial<FakeFile> = {},
  hostAddresses = ['127.0.0.1', '192.0.2.10'],
) =>
  lintIgnore('p.ignore', fakeEnv({ files: { 'p.ignore': { content, ...file } }, hostAddresses }))
    .findings.filter((f) => f.rule === rule)
    .map(formatFinding);

describe('lint ignore', () => {
  it('finds nothing in a file that protects 127.0.0.1 and this host, and exits 0', () => {
    const r = lintIgnore(
      'p.ignore',
      fakeEnv({ files: { 'p.ignore': { content: `# comment\n\n${GOOD}` } }, hostAddresses: ['192.0.2.10'] }),
    );
    expect(r.findings).toEqual([]);
    expect(r.exitStatus).toBe(0);
    expect(r.entries).toEqual([
      { line: 3, address: '127.0.0.1', bits: 32, valid: true },
      { line: 4, address: '192.0.2.10', bits: 32, valid: true },
    ]);
  });
  it('warns about an entry with leading whitespace', () => {
    expect(lint(`${GOOD}  10.0.0.1\n`, 'ignore-leading-space')).toEqual([
      'p.ignore:3:1: warning: 1.2 stops reading this line at its leading whitespace: "10.0.0.1" protects nothing [ignore-leading-space]\n    hint: remove the whitespace at the start of the line\n',
    ]);
  });
  it('warns about a host name', () => {
    expect(lint(`${GOOD}gateway.example.org\n`, 'ignore-hostname')).toEqual([
      'p.ignore:3:1: warning: "gateway.example.org" is a host name: 1.2 only reads digits, dots and slashes and never resolves names, so this line protects nothing [ignore-hostname]\n    hint: write the host\'s IP address\n',
    ]);
  });
  it('warns about a /33 mask, which 1.2 logs and skips', () => {
    expect(lint(`${GOOD}10.0.0.0/33\n`, 'ignore-bad-mask')).toEqual([
      'p.ignore:3:1: warning: netmask /33 is out of range: 1.2 logs "Invalid netmask in config file" and skips this line [ignore-bad-mask]\n    hint: use a netmask from 1 to 32\n',
    ]);
  });
  it('warns about text after the address that 1.2 drops', () => {
    expect(lint(`${GOOD}10.0.0.1,10.0.0.2\n10.0.0.3 # gateway\n`, 'ignore-trailing-text')).toEqual([
      'p.ignore:3:9: warning: 1.2 reads only "10.0.0.1" from this line and ignores ",10.0.0.2" [ignore-trailing-text]\n    hint: write one address or network per line\n',
    ]);
  });
  it('warns about an address inet_addr reads differently', () => {
    expect(lint(`${GOOD}010.0.0.1\n`, 'ignore-address-reread')).toEqual([
      'p.ignore:3:1: warning: 1.2 reads "010.0.0.1" as 8.0.0.1 (inet_addr fills in missing parts and reads a leading 0 as octal) [ignore-address-reread]\n    hint: write 8.0.0.1\n',
    ]);
  });
  it('names an IPv6 address as an entry honoured only with ENABLE_IPV6 (see ipv6-rules.test.ts)', () => {
    expect(lint(`${GOOD}::1\n`, 'ignore-unreadable')).toEqual([]);
    expect(lint(`${GOOD}::1\n`, 'ignore-ipv6')).toEqual([
      'p.ignore:3:1: info: "::1" is an IPv6 entry: the daemon honours it only with ENABLE_IPV6="1" in its config (1.2 reads it as nothing) [ignore-ipv6]\n',
    ]);
  });
  it('warns that a /0 mask protects one address in 1.2, not every address', () => {
    expect(lint(`${GOOD}10.0.0.0/\n`, 'ignore-mask-zero')).toEqual([
      'p.ignore:3:9: warning: a /0 mask does not match every address in 1.2: its shift by 32 keeps all bits, so this line protects 10.0.0.0 alone [ignore-mask-zero]\n    hint: write the mask after the slash\n',
    ]);
  });
  it('warns about a last line without newline that inherits a longer line before it', () => {
    expect(lint(`${GOOD}192.168.100.100\n10.2.3.4`, 'ignore-stale-buffer')).toEqual([
      'p.ignore:4:1: warning: this last line has no newline: 1.2 reads it as "10.2.3.4100.100/32", left over from a longer line before it [ignore-stale-buffer]\n    hint: end the file with a newline\n',
    ]);
    expect(lint('1.2.3.4\n10.2.3.4', 'ignore-stale-buffer')).toEqual([]);
  });
  it('warns when 127.0.0.1 is not protected', () => {
    expect(lint('192.0.2.10\n', 'ignore-no-localhost')).toEqual([
      'p.ignore: warning: 127.0.0.1 is not protected: a scan that comes from this host itself (or is spoofed to look so) gets 127.0.0.1 blocked [ignore-no-localhost]\n    hint: add the line 127.0.0.1/32\n',
    ]);
    expect(lint('127.0.0.0/8\n192.0.2.10\n', 'ignore-no-localhost')).toEqual([]);
  });
  it("warns when none of this host's addresses is protected", () => {
    expect(lint('127.0.0.1\n', 'ignore-no-host-address', {}, ['127.0.0.1', '192.0.2.10', '198.51.100.7'])).toEqual([
      "p.ignore: warning: none of this host's addresses (192.0.2.10, 198.51.100.7) is protected: a spoofed scan from one of them gets this host's own address blocked [ignore-no-host-address]\n    hint: add the line 192.0.2.10/32\n",
    ]);
    expect(lint('127.0.0.1\n192.0.2.0/24\n', 'ignore-no-host-address', {}, ['127.0.0.1', '192.0.2.10'])).toEqual([]);
  });
  it('reports an ignore file owned by another user', () => {
    expect(lint(GOOD, 'insecure-file', { uid: 1000 })).toEqual([
      'p.ignore: error: p.ignore is owned by uid 1000, not root: whoever can write it decides which scanners are never blocked [insecure-file]\n    hint: chown root:root p.ignore && chmod go-w p.ignore\n',
    ]);
  });
});
