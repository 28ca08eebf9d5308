import { describe, expect, it } from 'vitest';
import { ipv4Span, ipv6Span, linkTypeFromCap } from './link-layer.js';
import { ip6Packet, ipPacket } from '../../test-support/test-packets.js';

/** an NFLOG record as the kernel sent it on this project's machine: a SYN from 127.1.0.1 to port 1 */
const NFLOG_RECORD = Buffer.from(
  '02000007080001000800010005000a000000000008000400000000011000080000060000000000000000000006000f000304000006001100000e0000120010000000000000000000000000000800000014000300000000006b06aea100000000000881e62c000900450000280000000040067ccd7f0100017f0000019c400001000000000000000050020400119e0000',
  'hex',
);

describe('linkTypeFromCap', () => {
  it('maps cap names to the link types we decode, and refuses others', () => {
    expect(linkTypeFromCap('LINKTYPE_LINUX_SLL')).toBe('sll');
    expect(linkTypeFromCap('ETHERNET')).toBe('ethernet');
    expect(linkTypeFromCap('RAW')).toBe('raw');
    expect(linkTypeFromCap('Unknown linktype 239')).toBe('nflog');
    expect(linkTypeFromCap('IEEE802_11_RADIO')).toBeNull();
  });
});

describe('ipv4Span', () => {
  it('finds the IP packet in an NFLOG record (the NFULA_PAYLOAD attribute)', () => {
    const span = ipv4Span('nflog', NFLOG_RECORD, NFLOG_RECORD.length);
    expect(span).toEqual({ start: NFLOG_RECORD.length - 40, end: NFLOG_RECORD.length });
    expect(NFLOG_RECORD[span!.start]).toBe(0x45);
  });
  it('refuses an NFLOG record of another family, or with a broken attribute', () => {
    const v6 = Buffer.from(NFLOG_RECORD);
    v6[0] = 10;
    expect(ipv4Span('nflog', v6, v6.length)).toBeNull();
    const broken = Buffer.from(NFLOG_RECORD);
    broken.writeUInt16LE(2, 4);
    expect(ipv4Span('nflog', broken, broken.length)).toBeNull();
    expect(ipv4Span('nflog', NFLOG_RECORD, 60)).toBeNull();
  });
  it('skips the 16-byte cooked header of an inbound packet on "any", and drops outgoing copies', () => {
    const sll = Buffer.concat([Buffer.alloc(16), ipPacket()]);
    sll.writeUInt16BE(0x0800, 14);
    expect(ipv4Span('sll', sll, sll.length)).toEqual({ start: 16, end: sll.length });
    sll.writeUInt16BE(4, 0);
    expect(ipv4Span('sll', sll, sll.length)).toBeNull();
    sll.writeUInt16BE(0, 0);
    sll.writeUInt16BE(0x86dd, 14);
    expect(ipv4Span('sll', sll, sll.length)).toBeNull();
  });
  it('skips an Ethernet header, with or without one VLAN tag', () => {
    const eth = Buffer.concat([Buffer.alloc(14), ipPacket()]);
    eth.writeUInt16BE(0x0800, 12);
    expect(ipv4Span('ethernet', eth, eth.length)).toEqual({ start: 14, end: eth.length });
    const tagged = Buffer.concat([Buffer.alloc(18), ipPacket()]);
    tagged.writeUInt16BE(0x8100, 12);
    tagged.writeUInt16BE(0x0800, 16);
    expect(ipv4Span('ethernet', tagged, tagged.length)).toEqual({ start: 18, end: tagged.length });
    expect(ipv4Span('ethernet', eth, 10)).toBeNull();
  });
  it('never reads past the bytes captured', () => {
    expect(ipv4Span('raw', Buffer.alloc(10), 500)).toEqual({ start: 0, end: 10 });
  });
  it('takes a length of NaN as no bytes and a fractional one as its whole bytes (found by the fuzz suite)', () => {
    expect(ipv4Span('ethernet', Buffer.alloc(0), NaN)).toBeNull();
    expect(ipv4Span('sll', Buffer.alloc(3), NaN)).toBeNull();
    expect(ipv4Span('raw', Buffer.alloc(3), NaN)).toBeNull();
    expect(ipv4Span('raw', Buffer.alloc(30), 20.5)).toEqual({ start: 0, end: 20 });
  });
});

describe('ipv6Span (ENABLE_IPV6)', () => {
  it('takes an NFLOG record of family AF_INET6 (10) only', () => {
    const v6 = Buffer.from(NFLOG_RECORD);
    v6[0] = 10;
    expect(ipv6Span('nflog', v6, v6.length)).toEqual({ start: v6.length - 40, end: v6.length });
    expect(ipv6Span('nflog', NFLOG_RECORD, NFLOG_RECORD.length)).toBeNull();
  });
  it('takes ethertype 0x86dd on "any" and on Ethernet (one VLAN tag allowed), inbound only', () => {
    const sll = Buffer.concat([Buffer.alloc(16), ip6Packet()]);
    sll.writeUInt16BE(0x86dd, 14);
    expect(ipv6Span('sll', sll, sll.length)).toEqual({ start: 16, end: sll.length });
    sll.writeUInt16BE(4, 0);
    expect(ipv6Span('sll', sll, sll.length)).toBeNull();
    sll.writeUInt16BE(0, 0);
    sll.writeUInt16BE(0x0800, 14);
    expect(ipv6Span('sll', sll, sll.length)).toBeNull();
    const tagged = Buffer.concat([Buffer.alloc(18), ip6Packet()]);
    tagged.writeUInt16BE(0x8100, 12);
    tagged.writeUInt16BE(0x86dd, 16);
    expect(ipv6Span('ethernet', tagged, tagged.length)).toEqual({ start: 18, end: tagged.length });
    tagged.writeUInt16BE(0x0800, 16);
    expect(ipv6Span('ethernet', tagged, tagged.length)).toBeNull();
  });
  it('never reads past the bytes captured, and takes NaN as no bytes', () => {
    expect(ipv6Span('raw', Buffer.alloc(10), 500)).toEqual({ start: 0, end: 10 });
    expect(ipv6Span('raw', Buffer.alloc(3), NaN)).toBeNull();
    expect(ipv6Span('ethernet', Buffer.alloc(13), 13)).toBeNull();
  });
});
