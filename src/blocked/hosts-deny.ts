import { cleanIpAddr, cleanIpv6Addr } from '../responders/substitute.js';
import { canonicalIpv6 } from '../engine/ipv6-address.js';
import { dropLines } from '../system/drop-lines.js';

const TOKENS = /(\$TARGET\$|\$PORT\$|\$MODE\$)/;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A pattern for the lines KillHostsDeny() writes from a KILL_HOSTS_DENY template: the template's
 * text literally, $PORT$ as a number, $MODE$ as a mode name, and $TARGET$ as `address` (cleaned
 * as 1.2 cleans it) or, without one, as any address (captured). An IPv6 host's lines (ENABLE_IPV6)
 * hold "[addr]", the form KillHostsDeny() writes for it.
 */
export const hostsDenyPattern = (template: string, address?: string): RegExp => {
  const parts = template.split(TOKENS).map((part) => {
    if (part === '$TARGET$') {
      if (address === undefined) return '([0-9.]{1,15}|\\[[0-9A-Fa-f:]{2,39}\\])';
      return escape(address.includes(':') ? `[${cleanIpv6Addr(address)}]` : cleanIpAddr(address));
    }
    if (part === '$PORT$') return '-?[0-9]+';
    if (part === '$MODE$') return '[a-z]+';
    return escape(part);
  });
  return new RegExp(`^${parts.join('')}$`);
};

/** The addresses of hosts.deny lines written from `template`, with their 1-based line numbers. */
export const hostsDenyEntries = (
  content: string,
  template: string,
): { address: string; line: number; text: string }[] => {
  const pattern = hostsDenyPattern(template);
  const out: { address: string; line: number; text: string }[] = [];
  content.split('\n').forEach((text, i) => {
    const m = pattern.exec(text);
    if (m === null) return;
    const found = m[1]!;
    if (!found.startsWith('[')) out.push({ address: found, line: i + 1, text });
    else {
      const v6 = canonicalIpv6(found.slice(1, -1));
      if (v6 !== null) out.push({ address: v6, line: i + 1, text });
    }
  });
  return out;
};

/**
 * hosts.deny without the lines `template` wrote for `address` (or for every address when
 * `address` is null); every other byte stays. Returns the new text and the removed lines.
 */
export const withoutHostsDenyLines = (
  content: string,
  template: string,
  address: string | null,
): { text: string; removed: string[] } => {
  if (address === null || !address.includes(':')) {
    const pattern = hostsDenyPattern(template, address ?? undefined);
    return dropLines(content, (line) => pattern.test(line));
  }
  // an IPv6 host: its "[addr]" in any text form of the address
  const any = hostsDenyPattern(template);
  return dropLines(content, (line) => {
    const m = any.exec(line);
    return m !== null && m[1]!.startsWith('[') && canonicalIpv6(m[1]!.slice(1, -1)) === address;
  });
};
