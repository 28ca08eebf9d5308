import { networkInterfaces } from 'node:os';
import { log } from '../messages/legacy-messages.js';
import type { Settings } from '../config/settings.js';
import { EventQueue } from '../engine/event-queue.js';
import type { Engine } from '../engine/detection.js';
import { bpfFilter, isWatched, nftMatch, normaliseSpec, type WatchSpec } from './bpf-filter.js';
import { decodeIpv4, type Proto } from './packet-decode.js';
import { loadCap, openCapture, type Capture, type OnIpv4 } from './pcap-source.js';
import { isAckOrRst, reportPacketType } from './scan-type.js';
import { smartVerify, smartVerify6 } from './smart-verify.js';
import { ipv6CaptureCounters } from './ipv6-counters.js';
import type { StartReport } from './mode-starter.js';
import { GROUP_BASE, tableName } from './visibility.js';
import { openNflogCapture } from './nflog-capture.js';
import { PacketKind, WaitingPackets } from './waiting-packets.js';

/** at most this many packets wait for the engine; a burst of 5000 distinct sources fits */
const QUEUE_LIMIT = 20000;

/** the local addresses a tap filter keeps (127/8 whole when lo is up) */
const localNets = (): string[] => {
  const nets = new Set<string>();
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4') continue;
      nets.add(a.address.startsWith('127.') ? '127.0.0.0/8' : a.address);
    }
  }
  return [...nets].sort();
};

/**
 * The detection loop shared by the four stealth modes (PortSentryStealthModeTCP and friends):
 * each packet a raw socket would have delivered is decoded; TCP segments with ACK or RST are
 * ignored; a packet to a watched port is smart-verified (a port bound since the start is skipped)
 * and then goes through the engine, one at a time, in arrival order.
 */
export class PacketDetector {
  private readonly spec: WatchSpec;
  private readonly proto: Proto;
  /**
   * what the capture hands to the serial handler, in arrival order: slots of `waiting` (a packet to
   * a watched port, or a bad header), from ENABLE_IPV6's capture too (packet-detector6.ts)
   */
  private readonly queue: EventQueue<number>;
  private readonly waiting = new WaitingPackets(QUEUE_LIMIT);
  /** the open capture, held here (a capture no object refers to could be collected and closed) */
  capture: Capture | null = null;

  constructor(
    private readonly settings: Settings,
    private readonly engine: Engine,
    private readonly emit: (t: string) => void,
    spec: WatchSpec,
    private readonly report?: StartReport,
  ) {
    this.spec = normaliseSpec(spec);
    this.proto = spec.proto;
    this.queue = new EventQueue<number>(
      this.handle,
      QUEUE_LIMIT,
      (n) => {
        if (n === 1 || n % 1000 === 0) emit(log.ours.queueOverflow(n));
      },
      (slot) => {
        if (this.waiting.kind[slot] === PacketKind.Hit6) ipv6CaptureCounters.rejected['queue-full']++;
      },
    );
    report?.queue(this.queue);
  }

  /** queues a hit from the IPv6 capture (packet-detector6.ts): one engine, one order for both families */
  enqueue6(source: string, dport: number, flags: number): void {
    this.queue.push(this.waiting.put(PacketKind.Hit6, 0, dport, flags, 5, source));
  }

  /** decodes one captured packet; never throws (it runs inside cap's callback) */
  readonly onIpv4: OnIpv4 = (buf, start, end) => {
    try {
      const d = decodeIpv4(buf, start, end, this.proto);
      // (decodeIpv4 read the source at start + 12 for both kinds)
      if (d.kind === 'illegal-ihl')
        this.queue.push(this.waiting.put(PacketKind.Illegal, buf.readUInt32BE(start + 12), 0, 0, d.ihl));
      if (d.kind !== 'packet') return;
      if (this.proto === 'TCP' && isAckOrRst(d.flags)) return;
      if (!isWatched(this.spec, d.dport)) return;
      this.queue.push(this.waiting.put(PacketKind.Hit, buf.readUInt32BE(start + 12), d.dport, d.flags, d.ihl));
    } catch {
      /* a packet we cannot read is a packet 1.2 would not have reported either */
    }
  };

  private readonly handle = async (slot: number): Promise<void> => {
    // (the queue gives the capture a turn of the event loop before each hit, to drain the kernel buffer)
    // everything is read from the slot before the first await: the capture reuses slots meanwhile
    const { waiting } = this;
    const kind = waiting.kind[slot];
    const source = waiting.takeSource(slot);
    const dport = waiting.dport[slot]!;
    const flags = waiting.flags[slot]!;
    const ihl = waiting.ihl[slot]!;
    if (kind === PacketKind.Illegal) {
      this.emit(log.illegalHeaderLength(this.proto, ihl, source));
      return;
    }
    if (kind === PacketKind.Hit6) {
      if (smartVerify6(this.proto, dport, this.emit)) {
        ipv6CaptureCounters.rejected['port-in-use']++;
        return;
      }
      ipv6CaptureCounters.hits++;
    } else if (smartVerify(this.proto, dport, this.emit)) return;
    await this.engine.handle({
      kind: 'stealth',
      proto: this.proto,
      target: source,
      port: dport,
      scanType: this.proto === 'TCP' ? reportPacketType(flags) : undefined,
      ipOptions: ihl > 5,
      optionsPort: dport,
    });
  };

  /**
   * Opens the capture: NFLOG behind our own rule (only what the firewall accepted), else a tap on
   * "any" with a warning. Logs and returns false when no capture at all is possible.
   */
  start(): boolean {
    const cap = loadCap();
    if (typeof cap === 'string') return this.fail(cap);
    const match = nftMatch(this.spec);
    if (match === null) {
      // nothing can match: 1.2 would read its raw socket forever and report nothing
      setInterval(() => undefined, 1 << 30);
      return true;
    }
    const why = this.startNflog(match);
    this.report?.table(why === null ? tableName(this.settings.mode) : null);
    if (why === null) return true;
    try {
      this.capture = openCapture('any', bpfFilter(this.spec, localNets()), this.onIpv4);
    } catch (e) {
      return this.fail(`${why}; ${(e as Error).message}`);
    }
    this.emit(log.ours.firewallViewUnavailable(why));
    return true;
  }

  /** null when capturing through our rule, else why not */
  private startNflog(match: string): string | null {
    const opened = openNflogCapture({
      family: 'ip',
      mode: this.settings.mode,
      groupBase: GROUP_BASE,
      match,
      open: (source) => openCapture(source, '', this.onIpv4),
      emit: this.emit,
    });
    if ('why' in opened) return opened.why;
    this.capture = opened.capture;
    return null;
  }

  private fail(reason: string): false {
    this.emit(log.ours.captureFailed(reason));
    this.emit(log.rawSocketFailed(this.proto));
    return false;
  }
}
