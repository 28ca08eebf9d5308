import { cleanIpAddr } from '../responders/substitute.js';
import { dropLines } from '../system/drop-lines.js';

const TOKENS = /(\$TARGET\$|\$PORT\$|\$MODE\$)/;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A pattern for the lines KillHostsDeny() writes from a KILL_HOSTS_DENY template: the template's
 * text literally, $PORT$ as a number, $MODE$ as a mode name, and $TARGET$ as `address` (cleaned
 * as 1.2 cleans it) or, without one, as any address (captured).
 */
export const hostsDenyPattern = (template: string, address?: string): RegExp => {
  const parts = template.split(TOKENS).map((part) => {
    if (part === '$TARGET$') return address === undefined ? '([0-9.]{1,15})' : escape(cleanIpAddr(address));
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
    if (m !== null) out.push({ address: m[1]!, line: i + 1, text });
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
  const pattern = hostsDenyPattern(template, address ?? undefined);
  return dropLines(content, (line) => pattern.test(line));
};
