/**
 * The link-layer headers `cap` hands back, down to the IPv4 packet inside:
 *  - nflog: DLT_NFLOG (libpcap's "nflog:N" device): a 4-byte header, then TLVs; the packet is
 *    the NFULA_PAYLOAD attribute. Everything logged there was accepted by the firewall.
 *  - sll: Linux cooked capture v1 (the "any" device): 16 bytes; outgoing copies are skipped.
 *  - ethernet: DLT_EN10MB (one interface, e.g. lo), with one optional 802.1Q tag.
 *  - raw: DLT_RAW, the packet itself.
 */
export type LinkType = 'nflog' | 'sll' | 'ethernet' | 'raw';

interface Span {
  start: number;
  end: number;
}

/** The name cap.open() returns for each link type we read ("Unknown linktype 239" is NFLOG). */
export const linkTypeFromCap = (name: string): LinkType | null => {
  switch (name) {
    case 'LINKTYPE_LINUX_SLL':
      return 'sll';
    case 'ETHERNET':
      return 'ethernet';
    case 'RAW':
      return 'raw';
    case 'Unknown linktype 239':
      return 'nflog';
    default:
      return null;
  }
};

const ETHERTYPE_IP = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const PACKET_OUTGOING = 4;
const AF_INET = 2;
const AF_INET6 = 10;
const NFULA_PAYLOAD = 9;
/** NLA_F_NESTED and NLA_F_NET_BYTEORDER are not part of the attribute type */
const NLA_TYPE_MASK = 0x3fff;

/** NFLOG attributes are in host byte order (little-endian on the machines we build for) */
const nflogPayload = (buf: Buffer, len: number, family = AF_INET): Span | null => {
  if (len < 4 || buf[0] !== family) return null;
  let at = 4;
  while (at + 4 <= len) {
    const attrLen = buf.readUInt16LE(at);
    const type = buf.readUInt16LE(at + 2) & NLA_TYPE_MASK;
    if (attrLen < 4 || at + attrLen > len) return null;
    if (type === NFULA_PAYLOAD) return { start: at + 4, end: at + attrLen };
    at += (attrLen + 3) & ~3;
  }
  return null;
};

/** Where the IPv4 packet is in the first `len` bytes of `buf`, or null (not IPv4, outgoing, malformed). */
export const ipv4Span = (link: LinkType, buf: Buffer, len: number): Span | null => {
  // whole bytes only; a NaN length (which every `len < N` check would let through) is no bytes
  len = Number.isNaN(len) ? 0 : Math.min(Math.floor(len), buf.length);
  switch (link) {
    case 'nflog':
      return nflogPayload(buf, len);
    case 'sll':
      if (len < 16 || buf.readUInt16BE(0) === PACKET_OUTGOING || buf.readUInt16BE(14) !== ETHERTYPE_IP) return null;
      return { start: 16, end: len };
    case 'ethernet': {
      if (len < 14) return null;
      let type = buf.readUInt16BE(12);
      let start = 14;
      if (type === ETHERTYPE_VLAN) {
        if (len < 18) return null;
        type = buf.readUInt16BE(16);
        start = 18;
      }
      return type === ETHERTYPE_IP ? { start, end: len } : null;
    }
    case 'raw':
      return len > 0 ? { start: 0, end: len } : null;
  }
};

/**
 * Where the IPv6 packet is in the first `len` bytes of `buf`, or null (not IPv6, outgoing,
 * malformed): ipv4Span for ENABLE_IPV6's captures (NFLOG family AF_INET6, ethertype 0x86dd).
 */
export const ipv6Span = (link: LinkType, buf: Buffer, len: number): Span | null => {
  len = Number.isNaN(len) ? 0 : Math.min(Math.floor(len), buf.length);
  switch (link) {
    case 'nflog':
      return nflogPayload(buf, len, AF_INET6);
    case 'sll':
      if (len < 16 || buf.readUInt16BE(0) === PACKET_OUTGOING || buf.readUInt16BE(14) !== ETHERTYPE_IPV6) return null;
      return { start: 16, end: len };
    case 'ethernet': {
      if (len < 14) return null;
      let type = buf.readUInt16BE(12);
      let start = 14;
      if (type === ETHERTYPE_VLAN) {
        if (len < 18) return null;
        type = buf.readUInt16BE(16);
        start = 18;
      }
      return type === ETHERTYPE_IPV6 ? { start, end: len } : null;
    }
    case 'raw':
      return len > 0 ? { start: 0, end: len } : null;
  }
};
