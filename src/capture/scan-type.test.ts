import { describe, expect, it } from 'vitest';
import { isAckOrRst, reportPacketType, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG } from './scan-type.js';

describe('reportPacketType', () => {
  it('names a bare SYN "TCP SYN/Normal scan"', () => {
    expect(reportPacketType(TCP_SYN)).toBe('TCP SYN/Normal scan');
  });
  it('names a bare FIN "TCP FIN scan"', () => {
    expect(reportPacketType(TCP_FIN)).toBe('TCP FIN scan');
  });
  it('names FIN+URG+PSH "TCP XMAS scan", whatever else is set', () => {
    expect(reportPacketType(TCP_FIN | TCP_URG | TCP_PSH)).toBe('TCP XMAS scan');
    expect(reportPacketType(TCP_FIN | TCP_URG | TCP_PSH | TCP_SYN | TCP_ACK | TCP_RST)).toBe('TCP XMAS scan');
  });
  it('names no flags " TCP NULL scan" with 1.2 leading space', () => {
    expect(reportPacketType(0)).toBe(' TCP NULL scan');
  });
  it('prints every flag for any other combination, in 1.2 order SYN FIN ACK PSH URG RST', () => {
    expect(reportPacketType(TCP_SYN | TCP_FIN)).toBe(
      'Unknown Type: TCP Packet Flags: SYN: 1 FIN: 1 ACK: 0 PSH: 0 URG: 0 RST: 0',
    );
    expect(reportPacketType(TCP_PSH | TCP_URG)).toBe(
      'Unknown Type: TCP Packet Flags: SYN: 0 FIN: 0 ACK: 0 PSH: 1 URG: 1 RST: 0',
    );
    expect(reportPacketType(TCP_RST)).toBe('Unknown Type: TCP Packet Flags: SYN: 0 FIN: 0 ACK: 0 PSH: 0 URG: 0 RST: 1');
  });
  it('does not look at ECE and CWR, as 1.2 bitfields do not', () => {
    expect(reportPacketType(TCP_SYN | 0xc0)).toBe('TCP SYN/Normal scan');
    expect(reportPacketType(0xc0)).toBe(' TCP NULL scan');
  });
});

describe('isAckOrRst', () => {
  it('is true for any segment with ACK or RST, false otherwise', () => {
    expect(isAckOrRst(TCP_SYN | TCP_ACK)).toBe(true);
    expect(isAckOrRst(TCP_RST)).toBe(true);
    expect(isAckOrRst(TCP_SYN | TCP_FIN | TCP_PSH | TCP_URG)).toBe(false);
  });
});
