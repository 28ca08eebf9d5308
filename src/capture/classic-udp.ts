import dgram from 'node:dgram';
import { log } from '../legacy/messages.js';
import { parsePortList } from '../config/port-list.js';
import { reloadConfig, retrieve, type Settings } from '../config/settings.js';
import { EventQueue } from '../engine/event-queue.js';
import type { Engine, Hit } from '../engine/detection.js';
import { bindClassicPorts } from './bind-ports.js';

/**
 * PortSentryModeUDP(): bind each UDP_PORTS port; each datagram is a hit. Once the host triggers,
 * PORT_BANNER is sent back to it.
 */
export const startClassicUdp = (settings: Settings, engine: Engine, emit: (t: string) => void): boolean => {
  const config = reloadConfig(settings);
  const list = retrieve(config, 'UDP_PORTS', emit);
  if (list === null) {
    emit(log.cannotReadPorts('UDP_PORTS'));
    return false;
  }
  const { ports } = parsePortList(list);
  if (ports.length === 0) {
    emit(log.noPorts('UDP'));
    return false;
  }
  const banner = retrieve(config, 'PORT_BANNER', emit);
  const bound = bindClassicPorts('UDP', ports, emit);
  if (bound === null) return false;

  const queue = new EventQueue<Hit>(engine.handle, 4096, (n) => {
    if (n === 1 || n % 1000 === 0) emit(log.ours.queueOverflow(n));
  });
  emit(log.active);

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
          if (banner !== null && banner.length > 0) socket.send(Buffer.from(banner, 'latin1'), rinfo.port, rinfo.address);
        },
      });
    });
    socket.bind({ fd });
  }
  return true;
};
