import { BoundedReadError, readBounded } from '../system/read-bounded.js';
import { canonicalIpv6 } from '../engine/ipv6-address.js';

/** One line WriteBlocked() wrote to a blocked or history file. */
export interface BlockedLine {
  epoch: number;
  /** "MM/DD/YYYY HH:MM:SS" in the daemon's local time, as written */
  when: string;
  resolved: string;
  /** a dotted quad as written, or (ENABLE_IPV6) an IPv6 address in its canonical text (RFC 5952) */
  address: string;
  port: number;
  proto: 'TCP' | 'UDP';
  /** 1-based line number in its file */
  line: number;
}

// WriteBlocked(): "%ld - %02d/%02d/%04d %02d:%02d:%02d Host: %s/%s Port: %d %s Blocked\n"
// the resolved name is one word (a resolver never gives white space; a line torn and followed by the
// next on the same line would otherwise be read as a mix of both), the address what inet_ntoa writes,
// or (ENABLE_IPV6) an IPv6 address in any text form, given back in its canonical one
const LINE =
  /^(\d+) - (\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d) Host: (\S*)\/((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*) Port: (-?\d+) (TCP|UDP) Blocked$/;

export const parseBlockedLine = (text: string, line: number): BlockedLine | null => {
  const m = LINE.exec(text);
  if (m === null) return null;
  let address = m[4]!;
  if (address.includes(':')) {
    const canonical = canonicalIpv6(address);
    if (canonical === null) return null;
    address = canonical;
  }
  return {
    epoch: Number(m[1]),
    when: m[2]!,
    resolved: m[3]!,
    address,
    port: Number(m[5]),
    proto: m[6] as 'TCP' | 'UDP',
    line,
  };
};

/** Every line of a blocked/history file, parsed where it has WriteBlocked()'s shape. */
export const splitLines = (content: string): string[] => {
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

/**
 * A history line is about 80 bytes: 64 MiB is some 800,000 blocks, years of a busy host. Past that
 * (or /dev/zero given as the file) the tools refuse rather than fill memory.
 */
const MAX_BLOCKED_FILE_BYTES = 64 * 1024 * 1024;
/** as many lines as 64 MiB of history lines hold, with room to spare (and hosts.deny's shorter lines) */
const MAX_BLOCKED_FILE_LINES = 2 * 1024 * 1024;

/**
 * The file's text (latin1), or null when it does not exist. Anything else throws "PATH: why": not a
 * regular file, past the bounds, unreadable.
 */
export const readIfExists = (path: string): string | null => {
  const r = readBounded(path, { maxBytes: MAX_BLOCKED_FILE_BYTES, maxLines: MAX_BLOCKED_FILE_LINES, excess: 'refuse' });
  if (r.ok) return r.content;
  if (r.code === 'ENOENT') return null;
  throw new BoundedReadError(r);
};

export const readBlockedLines = (path: string): BlockedLine[] | null => {
  const content = readIfExists(path);
  if (content === null) return null;
  const out: BlockedLine[] = [];
  splitLines(content).forEach((text, i) => {
    const parsed = parseBlockedLine(text, i + 1);
    if (parsed !== null) out.push(parsed);
  });
  return out;
};
