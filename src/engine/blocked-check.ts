import { closeSync, constants, openSync, readSync } from 'node:fs';
import type { AppendWatch } from '../system/append-line.js';
import { fstatKey, isDirectoryKey, isRegularFile, keySize, statKey, type FileKey } from '../system/file-key.js';
import { cString, fgetsChunks, FGETS_MAX, isDigit } from '../config/c-compat.js';
import { readBounded } from '../system/read-bounded.js';
import { AddressSet } from './address-set.js';
import { Address6Set } from './address6-set.js';
import { isMappedIpv4, parseIpv6 } from './ipv6-address.js';

/**
 * IsBlocked(): a host counts as blocked when, on some line of the blocked file, the first place its
 * address appears is followed by digits and dots that spell exactly that address. So 1.2.3.4 is
 * "already blocked" when the file holds 11.2.3.4, as in 1.2. Returns null when the file cannot be
 * opened (1.2 then says it "will create" it).
 *
 * 1.2 reads the whole file for every hit, which makes a flood cost the square of the number of
 * hosts. BlockedFile gives the same answers from an index: the set of every dotted quad that some
 * line blocks, built once and brought up to date on our own appends (watch). The file is
 * stat()ed at every hit; when anything else changed it (its identity, size or change time differ
 * from what we indexed), it is indexed again, so an edit by hand takes effect at the next hit, as in
 * 1.2.
 */

/** the most of a blocked file we index (1.2 reads it all; 20 million hosts' lines are about 1.6 GB) */
const BLOCKED_FILE_MAX_BYTES = 1 << 30;
const CHUNK = 256 * 1024;

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** a canonical dotted quad ("a.b.c.d", each 0-255 without leading zeros) as a number, else null */
const dottedQuadNumber = (s: string): number | null => {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!OCTET.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
};

const isDigitOrDot = (ch: string | undefined): boolean => isDigit(ch) || ch === '.';

/** what 1.2 decides for one piece (fgets line): does it block `target`? */
const pieceBlocks = (text: string, target: string): boolean => {
  const at = text.indexOf(target);
  if (at === -1) return false;
  // 1.2 copies digits and dots from there and compares the copy with the address
  return !isDigitOrDot(text[at + target.length]);
};

const RUN = /[0-9.]+/g;

/**
 * Every dotted quad a piece blocks. Such an address is a suffix of a run of digits and dots (it
 * must end where the run ends), has exactly three dots, and the first place it appears in the
 * piece must be that one (pieceBlocks).
 */
const addressesBlockedBy = (raw: string, add: (address: number) => void): void => {
  const text = cString(raw);
  if (text.indexOf('.') === -1) return;
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m !== null; m = RUN.exec(text)) {
    // fewer than three dots (a time, a date, a port): no address ends there
    const run = m[0];
    const dot1 = run.indexOf('.');
    const dot2 = dot1 === -1 ? -1 : run.indexOf('.', dot1 + 1);
    if (dot2 === -1 || run.indexOf('.', dot2 + 1) === -1) continue;
    const parts = run.split('.');
    const tail = parts.slice(-3);
    if (!tail.every((p) => OCTET.test(p) && Number(p) <= 255)) continue;
    const first = parts[parts.length - 4]!;
    for (let k = 0; k < first.length; k++) {
      const candidate = `${first.slice(k)}.${tail.join('.')}`;
      const n = dottedQuadNumber(candidate);
      if (n !== null && pieceBlocks(text, candidate)) add(n);
    }
  }
};

/**
 * ENABLE_IPV6: the IPv6 address a blocked-file line blocks, as 16 bytes, or null. 1.2's IsBlocked()
 * keeps only digits and dots, so it can never match an IPv6 host; an IPv6 host is blocked by a line
 * of WriteBlocked()'s shape whose address field (after the last '/' of "Host: name/address") is
 * that address, in any text form (an IPv4-mapped one is left to the IPv4 check).
 */
const IPV6_LINE =
  /^\d+ - \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d Host: \S*\/([0-9A-Fa-f:.]{2,45}) Port: -?\d+ (?:TCP|UDP) Blocked\n?$/;

export const ipv6Blocked = (raw: string): Uint8Array | null => {
  const m = IPV6_LINE.exec(cString(raw));
  if (m === null || !m[1]!.includes(':')) return null;
  const bytes = parseIpv6(m[1]!);
  return bytes === null || isMappedIpv4(bytes) ? null : bytes;
};

/** The exact check over a whole text, for an address that is not a canonical dotted quad. */
const scanBlocks = (content: string, target: string): boolean => {
  if (!content.includes(target)) return false;
  for (const piece of fgetsChunks(content)) if (pieceBlocks(cString(piece.raw), target)) return true;
  return false;
};

export class BlockedFile {
  private readonly set = new AddressSet();
  /** ENABLE_IPV6: the IPv6 hosts the lines block (ipv6Blocked), indexed with the IPv4 ones */
  private readonly set6: Address6Set | null;
  /**
   * the file's key (its identity, size and times: system/file-key.ts) as indexed, or null when
   * nothing valid is indexed
   */
  private indexed: FileKey | null = null;
  private indexedSize = 0;
  /** the last piece so far has no newline: the next bytes continue it */
  private openPiece = '';

  constructor(
    readonly path: string,
    /** ENABLE_IPV6: an IPv6 host is compared with each line's address field */
    ipv6 = false,
  ) {
    this.set6 = ipv6 ? new Address6Set() : null;
  }

  /** IsBlocked(); null when the file cannot be opened */
  isBlocked(target: string): boolean | null {
    const key = statKey(this.path);
    if (key === null) {
      this.indexed = null;
      return null;
    }
    // fopen() of a directory succeeds and its first fgets() fails: nothing is blocked
    if (isDirectoryKey(key)) return false;
    if (this.set6 !== null && target.includes(':')) {
      const bytes = parseIpv6(target);
      if (bytes === null) return false;
      if (!isRegularFile(key)) return this.slowCheck6(bytes);
      if (this.indexed !== key && !this.index()) return null;
      return this.set6.has(bytes);
    }
    const n = dottedQuadNumber(target);
    if (!isRegularFile(key) || n === null) return this.slowCheck(target);
    if (this.indexed !== key && !this.index()) return null;
    return this.set.has(n);
  }

  /**
   * Our own append to the file (appendLine() calls these on the descriptor it writes through):
   * right before the write, an index that no longer matches the file (an edit by hand while a
   * response command ran) is dropped; after it, our line is indexed from memory if the file grew by
   * exactly that line, else the whole file is indexed again at the next hit. Anything else that
   * changes the file shows at the next isBlocked() and makes a full index.
   */
  readonly watch: AppendWatch = {
    before: (fd) => {
      // (only a regular file's key is ever indexed)
      if (this.indexed !== null && fstatKey(fd) !== this.indexed) this.indexed = null;
    },
    after: (fd, text) => {
      // a last line without its newline may now go on: what it blocked can change, index it all again
      if (this.indexed === null || this.openPiece.length > 0) {
        this.indexed = null;
        return;
      }
      const key = fstatKey(fd);
      const size = this.indexedSize + text.length;
      if (key === null || !isRegularFile(key) || keySize(key) !== size || size > BLOCKED_FILE_MAX_BYTES) {
        this.indexed = null;
        return;
      }
      this.feed(text);
      if (this.openPiece.length > 0) this.indexPiece(this.openPiece);
      this.indexedSize = size;
      this.indexed = key;
    },
  };

  /** a full index of the file; false when it cannot be opened */
  private index(): boolean {
    this.set.clear();
    this.set6?.clear();
    this.indexed = null;
    this.indexedSize = 0;
    this.openPiece = '';
    let fd: number;
    try {
      fd = openSync(this.path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    } catch {
      return false;
    }
    try {
      const key = fstatKey(fd);
      if (key === null || !isRegularFile(key)) return false;
      if (!this.readFrom(fd, 0, keySize(key))) return false;
      this.indexed = key;
      return true;
    } finally {
      closeSync(fd);
    }
  }

  /** indexes bytes [from, to) of the open file, continuing the open piece; false on a read error */
  private readFrom(fd: number, from: number, to: number): boolean {
    const end = Math.min(to, BLOCKED_FILE_MAX_BYTES);
    // an append of ours is one line: read it into a buffer of its size, not a whole chunk
    const buf = Buffer.allocUnsafe(end - from < CHUNK ? Math.max(end - from, 1) : CHUNK);
    let pos = from;
    try {
      while (pos < end) {
        const want = Math.min(buf.length, end - pos);
        const got = readSync(fd, buf, 0, want, pos);
        if (got === 0) break;
        pos += got;
        this.feed(buf.toString('latin1', 0, got));
      }
    } catch {
      return false;
    }
    this.indexedSize = pos;
    // the piece still open is indexed as it stands (fgets returns it at the end of the file); if
    // the file grows, the watch has the whole file indexed again
    if (this.openPiece.length > 0) this.indexPiece(this.openPiece);
    return true;
  }

  /** cuts text into fgets pieces (at most 1023 bytes, or through a newline) and indexes the whole ones */
  private feed(chunk: string): void {
    let text = this.openPiece + chunk;
    let pos = 0;
    // the next newline, looked for again only once passed (a long line is cut into many pieces)
    let nl = text.indexOf('\n');
    for (;;) {
      const limit = Math.min(text.length, pos + FGETS_MAX);
      if (nl !== -1 && nl < pos) nl = text.indexOf('\n', pos);
      if (nl !== -1 && nl < limit) {
        this.indexPiece(text.slice(pos, nl + 1));
        pos = nl + 1;
      } else if (limit - pos === FGETS_MAX) {
        this.indexPiece(text.slice(pos, limit));
        pos = limit;
      } else break;
    }
    this.openPiece = text.slice(pos);
    text = '';
  }

  /** what one fgets piece blocks, into the sets */
  private indexPiece(piece: string): void {
    addressesBlockedBy(piece, (a) => this.set.add(a));
    if (this.set6 === null) return;
    const bytes = ipv6Blocked(piece);
    if (bytes !== null) this.set6.add(bytes);
  }

  /** the IPv6 check over the text of a file that is not a regular one (a FIFO, a device) */
  private slowCheck6(target: Uint8Array): boolean | null {
    const r = readBounded(this.path, { maxBytes: BLOCKED_FILE_MAX_BYTES, excess: 'cut' });
    if (!r.ok) return r.problem === 'kind' ? false : null;
    const set = new Address6Set();
    for (const piece of fgetsChunks(r.content)) {
      const bytes = ipv6Blocked(piece.raw);
      if (bytes !== null) set.add(bytes);
    }
    return set.has(target);
  }

  /** the exact check over the file's text (an address that is not a dotted quad, a FIFO, a device) */
  private slowCheck(target: string): boolean | null {
    const r = readBounded(this.path, { maxBytes: BLOCKED_FILE_MAX_BYTES, excess: 'cut' });
    if (!r.ok) return r.problem === 'kind' ? false : null;
    return scanBlocks(r.content, target);
  }
}

/** IsBlocked() for one call, without an index (lint, tests) */
export const isBlocked = (target: string, blockedFile: string, ipv6 = false): boolean | null =>
  new BlockedFile(blockedFile, ipv6).isBlocked(target);
