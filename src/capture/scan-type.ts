/** TCP header flag bits (byte 13 of the header). ECE/CWR are not looked at by 1.2's bitfields. */
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;

const bit = (flags: number, mask: number): number => ((flags & mask) !== 0 ? 1 : 0);

/**
 * ReportPacketType(): the scan name 1.2 puts in its attack line, from the flags byte. The NULL
 * scan text starts with a space (1.2's), and anything else prints every flag as 0 or 1.
 */
export const reportPacketType = (flags: number): string => {
  const syn = bit(flags, TCP_SYN);
  const fin = bit(flags, TCP_FIN);
  const ack = bit(flags, TCP_ACK);
  const psh = bit(flags, TCP_PSH);
  const rst = bit(flags, TCP_RST);
  const urg = bit(flags, TCP_URG);
  if (!syn && !fin && !ack && !psh && !rst && !urg) return ' TCP NULL scan';
  if (fin && urg && psh) return 'TCP XMAS scan';
  if (fin && !syn && !ack && !psh && !rst && !urg) return 'TCP FIN scan';
  if (syn && !fin && !ack && !psh && !rst && !urg) return 'TCP SYN/Normal scan';
  return `Unknown Type: TCP Packet Flags: SYN: ${syn} FIN: ${fin} ACK: ${ack} PSH: ${psh} URG: ${urg} RST: ${rst}`;
};

/** The test both TCP stealth loops make first: segments with ACK or RST set are never looked at. */
export const isAckOrRst = (flags: number): boolean => (flags & (TCP_ACK | TCP_RST)) !== 0;
