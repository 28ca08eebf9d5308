import { networkInterfaces } from 'node:os';
import { log } from '../messages/legacy-messages.js';
import type { Settings } from '../config/settings.js';
import { bpfFilter6, isWatched, nftMatch6, normaliseSpec, type WatchSpec } from './bpf-filter.js';
import { decodeIpv6 } from './packet-decode6.js';
import type { Proto } from './packet-decode.js';
import { openCapture, type Capture } from './pcap-source.js';
import { isAckOrRst } from './scan-type.js';
import { ipv6CaptureCounters, type Ipv6CaptureCounters } from './ipv6-counters.js';
import type { PacketDetector } from './packet-detector.js';
import { GROUP_BASE } from './visibility.js';
import { openNflogCapture } from './nflog-capture.js';

/**
 * NFLOG groups of the ip6 tables: a block of their own above the IPv4 ones (GROUP_BASE + mode +
 * 8 * try, 16 tries), so that neither family's choice moves the other's
 */
const GROUP_BASE6 = GROUP_BASE + 0x100;

/** the local IPv6 addresses a tap filter keeps */
const localAddresses6 = (): string[] => {
  const out = new Set<string>();
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv6') out.add(a.address.split('%')[0]!);
  }
  return [...out].sort();
};

/**
 * ENABLE_IPV6 in the stealth and advanced modes: a capture of IPv6 packets beside the IPv4 one,
 * through a table of its own in the ip6 family (`ip6 portsentry_MODE`, the same match as the
 * IPv4 rule) and an NFLOG group of its own, or a tap on "any" when that cannot be set up. Each
 * packet is decoded (packet-decode6.ts), counted (ipv6CaptureCounters), and a packet to a watched
 * port goes into the IPv4 detector's queue, so that the engine takes hits of both families one
 * at a time, in arrival order. The IPv4 capture, its table and its match are not touched.
 */
export class PacketDetector6 {
  private readonly spec: WatchSpec;
  private readonly proto: Proto;
  /** the open capture, held here (a capture no object refers to could be collected and closed) */
  capture: Capture | null = null;
  constructor(
    private readonly settings: Settings,
    private readonly detector: Pick<PacketDetector, 'enqueue6'>,
    private readonly emit: (t: string) => void,
    spec: WatchSpec,
    /** what became of every packet: the process-wide object a status command reads, by default */
    readonly counters: Ipv6CaptureCounters = ipv6CaptureCounters,
  ) {
    this.spec = normaliseSpec(spec);
    this.proto = spec.proto;
  }

  /** decodes one captured packet; never throws (it runs inside cap's callback) */
  readonly onIpv6 = (buf: Buffer, start: number, end: number): void => {
    const c = this.counters;
    c.captured++;
    try {
      const d = decodeIpv6(buf, start, end, this.proto);
      if (d.kind === 'skip') {
        c.rejected[d.why]++;
        return;
      }
      if (this.proto === 'TCP' && isAckOrRst(d.flags)) {
        c.rejected['ack-or-rst']++;
        return;
      }
      if (!isWatched(this.spec, d.dport)) {
        c.rejected['not-watched']++;
        return;
      }
      this.detector.enqueue6(d.source, d.dport, d.flags);
    } catch {
      // decodeIpv6 does not throw; this only keeps cap's callback safe
      c.rejected.truncated++;
    }
  };

  /** the capture's packets whose link header held no IPv6 packet */
  private readonly onOther = (): void => {
    this.counters.captured++;
    this.counters.rejected['not-ipv6-link']++;
  };

  /** Opens the capture; logs and returns false when no IPv6 capture at all is possible. */
  start(): boolean {
    const match = nftMatch6(this.spec);
    if (match === null) return true;
    const why = this.startNflog(match);
    if (why === null) return true;
    try {
      this.capture = openCapture('any', bpfFilter6(this.spec, localAddresses6()), this.onIpv6, 6, this.onOther);
    } catch (e) {
      this.emit(log.ours.ipv6CaptureFailed(`${why}; ${(e as Error).message}`));
      return false;
    }
    this.emit(log.ours.firewallViewUnavailable(why));
    return true;
  }

  /** null when capturing through our ip6 rule, else why not */
  private startNflog(match: string): string | null {
    const opened = openNflogCapture({
      family: 'ip6',
      mode: this.settings.mode,
      groupBase: GROUP_BASE6,
      match,
      open: (source) => openCapture(source, '', this.onIpv6, 6, this.onOther),
      emit: this.emit,
    });
    if ('why' in opened) return opened.why;
    this.capture = opened.capture;
    return null;
  }
}
