/**
 * One libpcap session through `cap`: opens a device, decodes its link header, and hands each
 * IPv4 packet to the caller synchronously (cap reuses one buffer for every packet).
 * Devices: "nflog:GROUP" (what the firewall accepted; see visibility.ts) or "any" (a tap on all
 * interfaces, inbound only by the filter; Linux cooked capture v1).
 */
import { createRequire } from 'node:module';
import { ipv4Span, linkTypeFromCap, type LinkType } from './link-layer.js';

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
export const CAPTURE_BUFFER = 8 * 1024 * 1024;
/** cap copies each packet here; nflog copies at most RULE_SNAPLEN of it, a tap at most 65535 */
const PACKET_BUFFER = 65535;

export interface Capture {
  device: string;
  link: LinkType;
  close(): void;
}

export type OnIpv4 = (buf: Buffer, start: number, end: number) => void;

/**
 * Opens `device` with `filter` (libpcap syntax; "" for none). Throws an Error whose message names
 * the device and libpcap's complaint.
 */
export const openCapture = (device: string, filter: string, onIpv4: OnIpv4): Capture => {
  const mod = loadCap();
  if (typeof mod === 'string') throw new Error(mod);
  const session = new mod.Cap();
  const buffer = Buffer.alloc(PACKET_BUFFER);
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
  session.on('packet', (nbytes) => {
    const span = ipv4Span(link, buffer, nbytes);
    if (span !== null) onIpv4(buffer, span.start, span.end);
  });
  let open = true;
  return {
    device,
    link,
    close: () => {
      if (open) session.close();
      open = false;
    },
  };
};
