import { cString, fgetsChunks, isDigit, atoi } from '../config/c-compat.js';
import { inetAddr } from './inet-addr.js';
import { log } from '../messages/legacy-messages.js';
import { readBounded } from '../system/read-bounded.js';
import { isRegularFile, statKey, type FileKey } from '../system/file-key.js';
import { ipv6EntryMatches, readIpv6Entry, type Ipv6Entry } from './ignore-ipv6.js';
import { parseIpv6 } from './ipv6-address.js';

type IgnoreVerdict = 'ignored' | 'not-ignored' | 'unreadable';

/** One entry of an ignore file as 1.2 reads it; `address` is the text inet_addr() is given. */
export interface IgnoreEntry {
  line: number;
  raw: string;
  address: string;
  maskText: string;
  bits: number;
  /** false when 1.2 logs "Invalid netmask" and skips the line */
  valid: boolean;
}

/**
 * CompareIPs(): the mask is 0xFFFFFFFF << (32 - bits) on a 32-bit int; x86 uses the shift count
 * modulo 32, so "/0" keeps every bit (it matches one address, not every address).
 */
export const maskFor = (bits: number): number => (0xffffffff << ((32 - bits) & 31)) >>> 0;

export const addressMatches = (target: string, entry: IgnoreEntry): boolean => {
  const m = maskFor(entry.bits);
  return (inetAddr(entry.address) & m) >>> 0 === (inetAddr(target) & m) >>> 0;
};

/**
 * NeverBlock()'s reading of an ignore file. Each fgets piece not starting with '#' or '\n' is cut
 * at its first byte that is not a digit, '.', ':' or '/'; the text before '/' is the address and
 * the text after it the mask. The piece's copy is written over the previous one in a buffer that
 * is only terminated when a rejected byte is met, so a last line with no newline inherits the
 * tail of a longer line before it, as in 1.2.
 */
export function* readIgnoreEntries(content: string): Generator<IgnoreEntry> {
  const temp: string[] = new Array<string>(1024).fill('\0');
  for (const piece of fgetsChunks(content)) {
    const raw = piece.raw;
    if (raw[0] === '#' || raw[0] === '\n') continue;
    const text = cString(raw);
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (isDigit(ch) || ch === '.' || ch === ':' || ch === '/') temp[i] = ch;
      else {
        temp[i] = '\0';
        break;
      }
    }
    const copied = cString(temp.join(''));
    const slash = copied.indexOf('/');
    const address = slash === -1 ? copied : copied.slice(0, slash);
    const maskText = slash === -1 ? '32' : copied.slice(slash + 1);
    if (slash !== -1) temp[slash] = '\0';
    const bits = atoi(maskText);
    yield { line: piece.line, raw: text, address, maskText, bits, valid: bits >= 0 && bits <= 32 };
  }
}

/**
 * The ignore file is read on every event, as in 1.2: 1 MiB holds some 60,000 entries, far more than
 * anyone lists, and caps what an event costs. 1.2 reads /dev/zero (or a file that never ends) forever
 * with fgets(); ours stops there and says so.
 */
export const IGNORE_MAX_BYTES = 1024 * 1024;
/** ...and 65536 lines: a file of empty lines costs per line, not per byte */
export const IGNORE_MAX_LINES = 65536;

/**
 * NeverBlock(): read on every event, so edits to the file take effect at once. A file past the
 * bounds is read up to them (one line says so); a FIFO, device or socket is not read at all (one
 * line says so) and counts as unreadable, where 1.2 would wait in fopen() or read forever.
 */
export const neverBlock = (
  target: string,
  ignoreFile: string,
  emit: (text: string) => void,
  ipv6 = false,
): IgnoreVerdict => {
  const r = readBounded(ignoreFile, { maxBytes: IGNORE_MAX_BYTES, maxLines: IGNORE_MAX_LINES, excess: 'cut' });
  if (!r.ok) {
    // fopen() of a directory succeeds and fgets() fails at once: no entries
    if (r.found === 'a directory') return 'not-ignored';
    if (r.problem === 'kind') emit(log.ours.ignoreFileNotRegular(ignoreFile, r.found!));
    return 'unreadable';
  }
  if (r.cut !== null)
    emit(
      log.ours.ignoreFileCut(ignoreFile, r.cut === 'bytes' ? `${IGNORE_MAX_BYTES} bytes` : `${IGNORE_MAX_LINES} lines`),
    );
  if (!ipv6) {
    for (const entry of readIgnoreEntries(r.content)) {
      if (!entry.valid) {
        emit(log.invalidNetmask(entry.raw));
        continue;
      }
      if (addressMatches(target, entry)) return 'ignored';
    }
    return 'not-ignored';
  }
  return verdictOver(
    [...readIgnoreEntries(r.content)].map((e) => prepare(e, true)),
    target,
    emit,
  );
};

/** an entry ready to compare: its mask and masked address computed once */
interface PreparedEntry {
  entry: IgnoreEntry;
  mask: number;
  masked: number;
  /** with ENABLE_IPV6: the line's IPv6 entry, or null for an IPv4 line; always null without it */
  v6: Ipv6Entry | null;
}

const prepare = (entry: IgnoreEntry, ipv6: boolean): PreparedEntry => {
  const mask = maskFor(entry.bits);
  return { entry, mask, masked: (inetAddr(entry.address) & mask) >>> 0, v6: ipv6 ? readIpv6Entry(entry.raw) : null };
};

/**
 * NeverBlock() over prepared entries, first match wins, with 1.2's "Invalid netmask" line for each
 * bad line met before it. With ENABLE_IPV6, an IPv4 target skips the IPv6 lines (silently: they
 * are no IPv4 entries), and an IPv6 target is compared with the IPv6 lines only; bad IPv4 lines are
 * still reported for it, and an IPv6 line with a prefix length past 128 is reported the same way.
 */
const verdictOver = (
  entries: readonly PreparedEntry[],
  target: string,
  emit: (text: string) => void,
): IgnoreVerdict => {
  const isV6 = target.includes(':');
  const v6Target = isV6 ? parseIpv6(target) : null;
  const v4 = isV6 ? 0 : inetAddr(target);
  for (const e of entries) {
    const v6 = e.v6;
    if (v6 !== null) {
      if (!isV6) continue;
      if (v6.kind === 'bad-prefix') emit(log.invalidNetmask(e.entry.raw));
      else if (v6.kind === 'ok' && v6Target !== null && ipv6EntryMatches(v6Target, v6)) return 'ignored';
      continue;
    }
    if (!e.entry.valid) {
      emit(log.invalidNetmask(e.entry.raw));
      continue;
    }
    if (!isV6 && (v4 & e.mask) >>> 0 === e.masked) return 'ignored';
  }
  return 'not-ignored';
};

/**
 * NeverBlock() for the daemon: the same answers and the same lines as neverBlock() at every hit,
 * without reading and parsing the file again while it is unchanged. The file is stat()ed at every
 * hit (system/file-key.ts); a different identity, size or change time reads it again, so an edit
 * takes effect at once, as in 1.2.
 */
export class IgnoreList {
  private key: FileKey | null = null;
  private entries: PreparedEntry[] = [];
  private cut: null | 'bytes' | 'lines' = null;

  constructor(
    readonly path: string,
    /** ENABLE_IPV6: IPv6 lines are IPv6 entries (see verdictOver) */
    private readonly ipv6 = false,
  ) {}

  verdict(target: string, emit: (text: string) => void): IgnoreVerdict {
    const key = statKey(this.path);
    // anything but a regular file, and a file that changed while we read it, take the plain path
    if (key === null || !isRegularFile(key)) {
      this.key = null;
      return neverBlock(target, this.path, emit, this.ipv6);
    }
    if (key !== this.key && !this.load(key)) return neverBlock(target, this.path, emit, this.ipv6);
    if (this.cut !== null)
      emit(
        log.ours.ignoreFileCut(
          this.path,
          this.cut === 'bytes' ? `${IGNORE_MAX_BYTES} bytes` : `${IGNORE_MAX_LINES} lines`,
        ),
      );
    if (this.ipv6) return verdictOver(this.entries, target, emit);
    const address = inetAddr(target);
    for (const e of this.entries) {
      if (!e.entry.valid) {
        emit(log.invalidNetmask(e.entry.raw));
        continue;
      }
      if ((address & e.mask) >>> 0 === e.masked) return 'ignored';
    }
    return 'not-ignored';
  }

  /** reads and parses the file; false (nothing kept) when it was not read as the `key` stat saw it */
  private load(key: FileKey): boolean {
    this.key = null;
    const r = readBounded(this.path, { maxBytes: IGNORE_MAX_BYTES, maxLines: IGNORE_MAX_LINES, excess: 'cut' });
    if (!r.ok) return false;
    if (statKey(this.path) !== key) return false;
    this.entries = [...readIgnoreEntries(r.content)].map((entry) => prepare(entry, this.ipv6));
    this.cut = r.cut;
    this.key = key;
    return true;
  }
}
