import dgram from 'node:dgram';
import { log } from '../messages/legacy-messages.js';
import { native } from '../system/native.js';
import type { Settings } from '../config/settings.js';
import type { Engine } from '../engine/detection.js';
import { setUpClassicMode } from './classic-setup.js';
import { canonicalIpv6 } from '../engine/ipv6-address.js';
import type { StartReport } from './mode-starter.js';

/**
 * The receive buffer asked for each bound socket (1.2 keeps the kernel's default): a burst waits in
 * the kernel while earlier hits are handled, and JavaScript handles a hit more slowly than 1.2's C,
 * so with the default buffer the kernel dropped all but 256 datagrams a port. Asked with
 * SO_RCVBUFFORCE, so that net.core.rmem_max does not cap it (the kernel doubles it); SO_RCVBUF,
 * capped there, when that is refused (not root). known-differences: classic-udp-rcvbuf.
 */
export const RECEIVE_BUFFER = 1 << 20;

/**
 * PortSentryModeUDP(): bind each UDP_PORTS port; each datagram is a hit. Once the host triggers,
 * PORT_BANNER is sent back to it.
 */
export const startClassicUdp = (
  settings: Settings,
  engine: Engine,
  emit: (t: string) => void,
  report?: StartReport,
): boolean => {
  const setup = setUpClassicMode('UDP', settings, engine, emit, report);
  if (setup === null) return false;
  const { ports, banner, bound, bound6, queue } = setup;

  for (const { fd, index } of bound) {
    // a failure leaves the kernel's default buffer, as 1.2 has
    native().setReceiveBuffer(fd, RECEIVE_BUFFER);
    const socket = dgram.createSocket('udp4');
    socket.on('error', () => emit(log.udpRecvFailed(ports[index]!)));
    socket.on('message', (_msg, rinfo) => {
      queue.push({
        target: rinfo.address,
        proto: 'UDP',
        // as in TCP mode, 1.2 names ports[i] for the i-th bound socket (PortSentryModeUDP)
        port: ports[index]!,
        kind: 'classic',
        onTriggered: () => {
          if (banner !== null && banner.length > 0)
            socket.send(Buffer.from(banner, 'latin1'), rinfo.port, rinfo.address);
        },
      });
    });
    socket.bind({ fd });
  }
  // ENABLE_IPV6: the v6-only sockets, each named by its own port, the source in RFC 5952 form
  for (const { fd, port } of bound6) {
    const socket = dgram.createSocket({ type: 'udp6', ipv6Only: true });
    socket.on('error', () => emit(log.udpRecvFailed(port)));
    socket.on('message', (_msg, rinfo) => {
      const address = rinfo.address.split('%')[0]!;
      queue.push({
        target: canonicalIpv6(address) ?? address,
        proto: 'UDP',
        port,
        kind: 'classic',
        onTriggered: () => {
          if (banner !== null && banner.length > 0)
            socket.send(Buffer.from(banner, 'latin1'), rinfo.port, rinfo.address);
        },
      });
    });
    socket.bind({ fd }, () => {
      try {
        socket.setRecvBufferSize(RECEIVE_BUFFER);
      } catch {
        /* the kernel's default buffer then */
      }
    });
  }
  return true;
};
