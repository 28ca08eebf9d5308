import { addressMatches, readIgnoreEntries, type IgnoreEntry } from '../engine/ignore-list.js';
import { inetAton, inetNtoa } from '../engine/inet-addr.js';
import { insecurePathReason, secureHint } from './file-safety.js';
import type { FindingList } from './finding.js';
import type { FileFacts, LintEnv } from './lint-env.js';
import { show } from './show.js';
import { checkIpv6IgnoreEntry } from './ipv6-rules.js';

/** An entry 1.2 uses to protect hosts: what NeverBlock() compares against. */
export interface IgnoreView {
  line: number;
  address: string;
  bits: number;
  valid: boolean;
}

/**
 * NeverBlock()'s reading of an ignore file (readIgnoreEntries), line by line, with what the admin
 * probably meant: leading whitespace, host names, masks out of range, text after the address, the
 * missing final newline, and whether 127.0.0.1 and this host's own addresses are protected.
 */
export const lintIgnoreContent = (
  file: string,
  content: string,
  facts: FileFacts,
  env: LintEnv,
  findings: FindingList,
  binary: boolean,
  /** ENABLE_IPV6 of the config (lint conf), or undefined when no config is known (lint ignore) */
  ipv6?: boolean,
): IgnoreView[] => {
  const reason = insecurePathReason(env, file, facts);
  if (reason !== null) {
    findings.add(
      file,
      null,
      'error',
      'insecure-file',
      `${file} is ${reason.reason}: whoever can write it decides which scanners are never blocked`,
      secureHint(reason.fix),
    );
  }
  const entries: IgnoreEntry[] = [...readIgnoreEntries(content)];
  let lastLine = 0;
  for (const entry of entries) {
    if (binary || entry.line === lastLine) continue;
    lastLine = entry.line;
    if (!checkIpv6IgnoreEntry(file, entry, ipv6, findings)) checkEntry(file, entry, findings);
  }
  const usable = entries.filter((e) => e.valid);
  const protects = (ip: string) => usable.some((e) => addressMatches(ip, e));
  if (!protects('127.0.0.1')) {
    findings.add(
      file,
      null,
      'warning',
      'ignore-no-localhost',
      '127.0.0.1 is not protected: a scan that comes from this host itself (or is spoofed to look so) gets 127.0.0.1 blocked',
      'add the line 127.0.0.1/32',
    );
  }
  const own = env.hostAddresses().filter((a) => !a.startsWith('127.'));
  if (own.length > 0 && !own.some(protects)) {
    findings.add(
      file,
      null,
      'warning',
      'ignore-no-host-address',
      `none of this host's addresses (${own.join(', ')}) is protected: a spoofed scan from one of them gets this host's own address blocked`,
      `add the line ${own[0]}/32`,
    );
  }
  return entries.map((e) => ({ line: e.line, address: e.address, bits: e.bits, valid: e.valid }));
};

const checkEntry = (file: string, entry: IgnoreEntry, findings: FindingList): void => {
  const body = entry.raw.replace(/\r?\n$/, '');
  if (body.trim() === '') return;
  const lead = /^[ \t]*/.exec(body)![0];
  if (body.slice(lead.length).startsWith('#')) return;
  const at = { line: entry.line, column: 1 };
  const token = body.slice(lead.length).split(/[ \t\r]/)[0]!;
  if (lead.length > 0) {
    findings.add(
      file,
      at,
      'warning',
      'ignore-leading-space',
      `1.2 stops reading this line at its leading whitespace: "${show(token)}" protects nothing`,
      'remove the whitespace at the start of the line',
    );
    return;
  }
  const run = /^[0-9.:/]*/.exec(body)![0];
  const slash = run.indexOf('/');
  const meantAddress = slash === -1 ? run : run.slice(0, slash);
  const meantMask = slash === -1 ? '32' : run.slice(slash + 1);
  if (meantAddress !== entry.address || meantMask !== entry.maskText) {
    findings.add(
      file,
      at,
      'warning',
      'ignore-stale-buffer',
      `this last line has no newline: 1.2 reads it as "${show(entry.address)}/${show(entry.maskText)}", left over from a longer line before it`,
      'end the file with a newline',
    );
    return;
  }
  if (run === '') {
    const hostname = /^[A-Za-z][A-Za-z0-9.-]*$/.test(token);
    findings.add(
      file,
      at,
      'warning',
      hostname ? 'ignore-hostname' : 'ignore-unreadable',
      hostname
        ? `"${show(token)}" is a host name: 1.2 only reads digits, dots and slashes and never resolves names, so this line protects nothing`
        : `1.2 finds no address at the start of "${show(token)}": this line protects nothing`,
      hostname ? "write the host's IP address" : 'write an address such as 192.168.1.10 or 192.168.1.0/24',
    );
    return;
  }
  if (!entry.valid) {
    findings.add(
      file,
      at,
      'warning',
      'ignore-bad-mask',
      `netmask /${show(entry.maskText)} is out of range: 1.2 logs "Invalid netmask in config file" and skips this line`,
      'use a netmask from 1 to 32',
    );
    return;
  }
  const rest = body.slice(run.length);
  const addr = inetAton(entry.address);
  if (addr === null) {
    findings.add(
      file,
      at,
      'warning',
      'ignore-unreadable',
      `"${show(entry.address)}" is not an IPv4 address 1.2 can read (inet_addr fails): this line protects nothing`,
      'write an IPv4 address such as 192.168.1.10 (1.2 knows no IPv6)',
    );
    return;
  }
  if (inetNtoa(addr) !== entry.address) {
    findings.add(
      file,
      at,
      'warning',
      'ignore-address-reread',
      `1.2 reads "${show(entry.address)}" as ${inetNtoa(addr)} (inet_addr fills in missing parts and reads a leading 0 as octal)`,
      `write ${inetNtoa(addr)}`,
    );
  }
  if (entry.bits === 0) {
    findings.add(
      file,
      { line: entry.line, column: slash + 1 },
      'warning',
      'ignore-mask-zero',
      `a /0 mask does not match every address in 1.2: its shift by 32 keeps all bits, so this line protects ${inetNtoa(addr)} alone`,
      slash === run.length - 1 ? 'write the mask after the slash' : 'list the networks to protect instead',
    );
  }
  if (rest !== '' && (!/^[ \t]/.test(rest) || /^[ \t]+[0-9]/.test(rest))) {
    const cut = rest.replace(/^[ \t]+/, '');
    findings.add(
      file,
      { line: entry.line, column: run.length + 1 },
      'warning',
      'ignore-trailing-text',
      `1.2 reads only "${show(run)}" from this line and ignores "${show(cut, 40)}"`,
      'write one address or network per line',
    );
  }
};
