/**
 * One libpcap session through `cap`: opens a device, decodes its link header, and hands each
 * IPv4 packet to the caller synchronously (cap reuses one buffer for every packet).
 * Devices: "nflog:GROUP" (what the firewall accepted; see visibility.ts) or "any" (a tap on all
 * interfaces, inbound only by the filter; Linux cooked capture v1).
 */
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { native } from '../system/native.js';
import { ipv4Span, ipv6Span, linkTypeFromCap, type LinkType } from './link-layer.js';

interface CapSession {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  close(): boolean;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): void;
  send(buffer: Buffer, size?: number): void;
}
interface CapModule {
  Cap: new () => CapSession;
}

let capModule: CapModule | null | undefined;

/** `cap` (and libpcap behind it), or the reason it cannot be loaded */
export const loadCap = (): CapModule | string => {
  if (capModule === undefined) {
    try {
      capModule = createRequire(import.meta.url)('cap') as CapModule;
    } catch (e) {
      capModule = null;
      return `cannot load the cap module (libpcap): ${(e as Error).message.split('\n')[0]}`;
    }
  }
  return capModule ?? 'cannot load the cap module (libpcap)';
};

/** the kernel buffer asked for (SO_RCVBUF on nflog, the ring on a tap); bursts of thousands fit */
const CAPTURE_BUFFER = 8 * 1024 * 1024;
/** cap copies each packet here; nflog copies at most RULE_SNAPLEN of it, a tap at most 65535 */
const PACKET_BUFFER = 65535;

export interface Capture {
  device: string;
  link: LinkType;
  close(): void;
  /** packets the kernel dropped because our buffer was full (nflog only; null when unknown) */
  drops(): number | null;
  /** nflog: 0 when the socket was tuned (see tuneNetlink), else why not */
  tuned: number | string;
}

/** socket fds of this process: fd -> inode */
const socketFds = (): Map<number, string> => {
  const out = new Map<number, string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) out.set(Number(fd), m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  return out;
};

const NETLINK_NETFILTER = '12';

/** /proc/net/netlink rows of NETLINK_NETFILTER sockets: inode -> drops */
export const netfilterSocketDrops = (table: string): Map<string, number> => {
  const out = new Map<string, number>();
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 10 && f[1] === NETLINK_NETFILTER) out.set(f[9]!, Number(f[8]));
  }
  return out;
};

const readNetlinkTable = (): string => {
  try {
    return readFileSync('/proc/net/netlink', 'latin1');
  } catch {
    return '';
  }
};

/**
 * libpcap sizes the NFLOG socket with SO_RCVBUF, which net.core.rmem_max caps (212992 on a default
 * Debian host: about a hundred packets), and a full socket sets an error that makes cap abort
 * (assert in its poll callback). tuneNetlinkSocket (SO_RCVBUFFORCE + NETLINK_NO_ENOBUFS) gives the
 * socket our buffer, and an overflow then only drops packets, counted by the kernel.
 */
const tuneNetlink = (fd: number): number => native().tuneNetlinkSocket(fd, CAPTURE_BUFFER);

export type OnIpv4 = (buf: Buffer, start: number, end: number) => void;

/**
 * Opens `device` with `filter` (libpcap syntax; "" for none). Throws an Error whose message names
 * the device and libpcap's complaint. `family` 6 hands over IPv6 packets instead (ENABLE_IPV6);
 * `onOther` hears of each packet whose link header held none of the family asked for.
 */
export const openCapture = (
  device: string,
  filter: string,
  onIpv4: OnIpv4,
  family: 4 | 6 = 4,
  onOther?: () => void,
): Capture => {
  const mod = loadCap();
  if (typeof mod === 'string') throw new Error(mod);
  const session = new mod.Cap();
  const buffer = Buffer.alloc(PACKET_BUFFER);
  const before = device.startsWith('nflog:') ? socketFds() : new Map<number, string>();
  let linkName: string;
  try {
    linkName = session.open(device, filter, CAPTURE_BUFFER, buffer);
  } catch (e) {
    throw new Error(`${device}: ${(e as Error).message}`);
  }
  const link = linkTypeFromCap(linkName);
  if (link === null) {
    session.close();
    throw new Error(`${device}: expected link type NFLOG, LINUX_SLL, EN10MB or RAW, found ${linkName}`);
  }
  const spanOf = family === 6 ? ipv6Span : ipv4Span;
  session.on('packet', (nbytes) => {
    const span = spanOf(link, buffer, nbytes);
    if (span !== null) onIpv4(buffer, span.start, span.end);
    else onOther?.();
  });
  let open = true;
  // the netlink socket libpcap opened for an nflog device: the one new NETLINK_NETFILTER socket
  let inode: string | null = null;
  let tuned: number | string = 'not an nflog device';
  if (link === 'nflog') {
    const netfilter = netfilterSocketDrops(readNetlinkTable());
    const fresh = [...socketFds()].filter(([fd, ino]) => !before.has(fd) && netfilter.has(ino));
    if (fresh.length === 1) {
      inode = fresh[0]![1];
      tuned = tuneNetlink(fresh[0]![0]);
    } else tuned = `found ${fresh.length} new netfilter sockets, expected 1`;
  }
  return {
    device,
    link,
    tuned,
    drops: () => (inode === null ? null : (netfilterSocketDrops(readNetlinkTable()).get(inode) ?? null)),
    close: () => {
      if (open) session.close();
      open = false;
    },
  };
};
