import { atoi } from '../config/c-compat.js';
import { extensionValue } from '../config/extension-keys.js';
import { lookupToken } from '../config/config-file.js';
import { readIpv6Entry } from '../engine/ignore-ipv6.js';
import type { IgnoreEntry } from '../engine/ignore-list.js';
import { protocolsFor, setOption, type ConfContext } from './conf-context.js';
import type { FindingList } from './finding.js';
import { show } from './show.js';

/** ENABLE_IPV6="1", as the daemon reads it */
export const ipv6Enabled = (ctx: ConfContext): boolean => extensionValue(ctx.config, 'ENABLE_IPV6') === '1';

/**
 * ENABLE_IPV6 with blocking on (a BLOCK_* of 1 for this mode) but no KILL_ROUTE6: IPv6 scanners are
 * written to the blocked files and hosts.deny, but never blocked by route, since KILL_ROUTE is
 * never run with an IPv6 address.
 */
export const checkIpv6 = (ctx: ConfContext): void => {
  if (!ipv6Enabled(ctx)) return;
  const found = lookupToken(ctx.config, 'ENABLE_IPV6');
  if (found.kind !== 'found') return;
  if ((extensionValue(ctx.config, 'KILL_ROUTE6') ?? '') !== '') return;
  const blocking = protocolsFor(ctx.mode)
    .map((proto) => `BLOCK_${proto}`)
    .filter((key) => {
      const o = setOption(ctx, key);
      return o !== null && atoi(o.value) === 1;
    });
  if (blocking.length === 0) return;
  ctx.findings.add(
    ctx.file,
    { line: found.line, column: found.column },
    'warning',
    'ipv6-no-route6',
    `ENABLE_IPV6 is on and ${blocking.map((k) => `${k}="1"`).join(' and ')} blocks hosts, but no KILL_ROUTE6 is set: IPv6 scanners are not blocked by route (KILL_ROUTE is never run with an IPv6 address)`,
    'set KILL_ROUTE6="..." (portsentry migrate nftables writes one for its blocked6 set)',
  );
};

/**
 * An IPv6 line of an ignore file (see src/engine/ignore-ipv6.ts): true when it was checked here,
 * false when it is a good entry that only the 1.2 reading should judge (`ipv6` false: the daemon
 * reads it as 1.2 does, as nothing). `ipv6` undefined: the config is not known (`lint ignore`).
 */
export const checkIpv6IgnoreEntry = (
  file: string,
  entry: IgnoreEntry,
  ipv6: boolean | undefined,
  findings: FindingList,
): boolean => {
  const e = readIpv6Entry(entry.raw);
  if (e === null) return false;
  const at = { line: entry.line, column: 1 };
  switch (e.kind) {
    case 'bad-prefix':
      findings.add(
        file,
        { line: entry.line, column: e.text.indexOf('/') + 2 },
        'warning',
        'ignore-ipv6-bad-prefix',
        `expected an IPv6 prefix length from 0 to 128 after "/", found "${show(e.prefix)}": the daemon logs "Invalid netmask in config file" and skips this line`,
        'write a prefix length such as /64 or /128',
      );
      return true;
    case 'zone':
      findings.add(
        file,
        at,
        'warning',
        'ignore-ipv6-zone',
        `expected an IPv6 address without a zone id, found "${show(e.zone)}" in "${show(e.text)}": this line protects nothing`,
        `write the address without ${show(e.zone)}`,
      );
      return true;
    case 'bad-address':
      findings.add(
        file,
        at,
        'warning',
        'ignore-ipv6-bad-address',
        `expected an IPv6 address such as 2001:db8::1 or a prefix such as 2001:db8::/32, found "${show(e.address)}": this line protects nothing`,
        'write one IPv6 address, optionally with /prefix, per line',
      );
      return true;
    case 'ok':
      if (ipv6 === false) return false;
      if (ipv6 === undefined)
        findings.add(
          file,
          at,
          'info',
          'ignore-ipv6',
          `"${show(e.text)}" is an IPv6 entry: the daemon honours it only with ENABLE_IPV6="1" in its config (1.2 reads it as nothing)`,
        );
      return true;
  }
};
