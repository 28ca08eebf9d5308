import dgram from 'node:dgram';
import { log } from '../messages/legacy-messages.js';
import type { Settings } from '../config/settings.js';
import type { Engine } from '../engine/detection.js';
import { setUpClassicMode } from './classic-setup.js';
import type { StartReport } from './mode-starter.js';

/**
 * SO_RCVBUF asked for each bound socket (1.2 keeps the kernel's default): a burst waits in the
 * kernel while earlier hits are handled, and JavaScript handles a hit more slowly than 1.2's C, so
 * with the default buffer the kernel dropped all but 256 datagrams a port. The kernel caps the
 * request at net.core.rmem_max and doubles it (known-differences: classic-udp-rcvbuf).
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
  const { ports, banner, bound, queue } = setup;

  for (const { fd, index } of bound) {
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
    socket.bind({ fd }, () => {
      try {
        socket.setRecvBufferSize(RECEIVE_BUFFER);
      } catch {
        /* the kernel's default buffer then, as 1.2 has */
      }
    });
  }
  return true;
};
