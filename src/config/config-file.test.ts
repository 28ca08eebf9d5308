import { describe, expect, it } from 'vitest';
import { configFromString, lookupToken, pieceMatchesToken } from './config-file.js';

const cfg = (text: string) => configFromString('/t.conf', text);

describe('lookupToken', () => {
  it('returns the value between the first quote and the next one, with its line and column', () => {
    expect(lookupToken(cfg('# c\nTCP_PORTS="1,2,3"\n'), 'TCP_PORTS')).toEqual({
      kind: 'found',
      value: '1,2,3',
      line: 2,
      column: 12,
      stoppedBy: 'quote',
    });
  });
  it('accepts a space instead of = after the key, as Debian writes RESOLVE_HOST = "0"', () => {
    expect(lookupToken(cfg('RESOLVE_HOST = "0"\n'), 'RESOLVE_HOST')).toMatchObject({ kind: 'found', value: '0' });
  });
  it('does not see a key hidden by a leading space', () => {
    expect(lookupToken(cfg(' BLOCK_TCP="1"\n'), 'BLOCK_TCP')).toEqual({ kind: 'absent' });
  });
  it('skips lines starting with #', () => {
    expect(lookupToken(cfg('#BLOCK_TCP="1"\n'), 'BLOCK_TCP')).toEqual({ kind: 'absent' });
  });
  it('takes the first matching line and ignores later ones', () => {
    expect(lookupToken(cfg('KILL_ROUTE="a $TARGET$"\nKILL_ROUTE="b $TARGET$"\n'), 'KILL_ROUTE')).toMatchObject({
      value: 'a $TARGET$',
      line: 1,
    });
  });
  it('stops at a first matching line without quotes even when a later line is correct', () => {
    expect(lookupToken(cfg('BLOCK_TCP=1\nBLOCK_TCP="2"\n'), 'BLOCK_TCP')).toEqual({
      kind: 'no-quotes',
      line: 1,
      column: 1,
    });
  });
  it('cuts the value at a tab and at the CR of a CRLF file', () => {
    expect(lookupToken(cfg('PORT_BANNER="a\tb"\n'), 'PORT_BANNER')).toMatchObject({ value: 'a', stoppedBy: 'tab' });
    expect(lookupToken(cfg('BLOCK_TCP="1\r\n'), 'BLOCK_TCP')).toMatchObject({
      value: '1',
      stoppedBy: 'carriage-return',
    });
  });
  it('runs a value without closing quote to the end of the line', () => {
    expect(lookupToken(cfg('HISTORY_FILE="/x/y\n'), 'HISTORY_FILE')).toMatchObject({
      value: '/x/y',
      stoppedBy: 'end-of-line',
    });
  });
  it('matches a line that only mentions the key later when the byte at the key length is = or space', () => {
    // ConfigTokenRetrieve checks buffer[strlen(token)], not the byte after the match
    expect(lookupToken(cfg('UDP_PORTS="7" # TCP_PORTS\n'), 'TCP_PORTS')).toMatchObject({ kind: 'found', value: '7' });
  });
  it('reports an unreadable file', () => {
    expect(lookupToken({ path: '/x', content: null }, 'A')).toEqual({ kind: 'unreadable' });
  });
  it('reads only up to a NUL byte in a line', () => {
    expect(pieceMatchesToken('\0BLOCK_TCP="1"\n', 'BLOCK_TCP')).toBe(false);
  });
});
