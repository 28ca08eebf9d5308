/**
 * The packets waiting for the engine, packed: the stealth detector's queue holds slot numbers
 * (small integers, which V8 keeps without allocating) and these arrays what each slot's packet said.
 * A flood fills the queue, and objects waiting there outlive the young generation's collections:
 * V8 moves them to the old generation, which then grows between its collections (BENCHMARKS.md,
 * issue 13). Numbers in typed arrays are allocated once.
 *
 * Slots are taken in turn. There is one more slot than the queue can hold, so the newest packet
 * never overwrites one still waiting, nor the one the queue drops to make room for it.
 */
export const PacketKind = {
  /** an IPv4 packet to a watched port */
  Hit: 0,
  /** an IPv4 packet whose header length is below 5 (1.2's "Illegal header length" line) */
  Illegal: 1,
  /** a packet of ENABLE_IPV6's capture to a watched port (its source as text) */
  Hit6: 2,
} as const;
export type PacketKind = (typeof PacketKind)[keyof typeof PacketKind];

export class WaitingPackets {
  private readonly size: number;
  private next = 0;
  readonly kind: Uint8Array;
  /** IPv4 source, the four bytes as one number (network order: the first byte is the highest) */
  readonly addr: Uint32Array;
  readonly dport: Uint16Array;
  readonly flags: Uint8Array;
  readonly ihl: Uint8Array;
  private readonly source6: (string | undefined)[];

  /** room for a queue of `limit` packets */
  constructor(limit: number) {
    this.size = Math.max(1, limit) + 1;
    this.kind = new Uint8Array(this.size);
    this.addr = new Uint32Array(this.size);
    this.dport = new Uint16Array(this.size);
    this.flags = new Uint8Array(this.size);
    this.ihl = new Uint8Array(this.size);
    this.source6 = new Array<string | undefined>(this.size);
  }

  /** stores a packet; returns its slot */
  put(kind: PacketKind, addr: number, dport: number, flags: number, ihl: number, source6?: string): number {
    const slot = this.next;
    this.next = slot + 1 === this.size ? 0 : slot + 1;
    this.kind[slot] = kind;
    this.addr[slot] = addr;
    this.dport[slot] = dport;
    this.flags[slot] = flags;
    this.ihl[slot] = ihl;
    this.source6[slot] = source6;
    return slot;
  }

  /** the slot's source as inet_ntoa() (IPv4) or as the IPv6 capture gave it; frees the IPv6 text */
  takeSource(slot: number): string {
    if (this.kind[slot] === PacketKind.Hit6) {
      const text = this.source6[slot] ?? '';
      this.source6[slot] = undefined;
      return text;
    }
    const a = this.addr[slot]!;
    return `${a >>> 24}.${(a >>> 16) & 0xff}.${(a >>> 8) & 0xff}.${a & 0xff}`;
  }
}
