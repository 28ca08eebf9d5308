import net from 'node:net';
import { log } from '../legacy/messages.js';
import { parsePortList } from '../config/port-list.js';
import { reloadConfig, retrieve, type Settings } from '../config/settings.js';
import { EventQueue } from '../engine/event-queue.js';
import type { Engine, Hit } from '../engine/detection.js';
import { bindClassicPorts } from './bind-ports.js';

/**
 * PortSentryModeTCP(): listen on each TCP_PORTS port; each accepted connection is a hit. Once the
 * host triggers, PORT_BANNER is written and the connection closed. Returns false when the mode
 * cannot start (1.2's "could not go into PortSentry mode").
 */
export const startClassicTcp = (settings: Settings, engine: Engine, emit: (t: string) => void): boolean => {
  const config = reloadConfig(settings);
  const list = retrieve(config, 'TCP_PORTS', emit);
  if (list === null) {
    emit(log.cannotReadPorts('TCP_PORTS'));
    return false;
  }
  const { ports } = parsePortList(list);
  if (ports.length === 0) {
    emit(log.noPorts('TCP'));
    return false;
  }
  const banner = retrieve(config, 'PORT_BANNER', emit);
  const bound = bindClassicPorts('TCP', ports, emit);
  if (bound === null) return false;

  const queue = new EventQueue<Hit>(engine.handle, 4096, (n) => {
    if (n === 1 || n % 1000 === 0) emit(log.ours.queueOverflow(n));
  });
  emit(log.active);

  for (const { fd, index } of bound) {
    const server = net.createServer({ pauseOnConnect: true }, (socket) => {
      socket.on('error', () => undefined);
      const target = socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
      const hit: Hit = {
        target,
        proto: 'TCP',
        // 1.2 names ports[i] for the i-th socket that bound, which is not that socket's port when
        // an earlier port failed to bind (PortSentryModeTCP)
        port: ports[index]!,
        kind: 'classic',
        // write the banner, then close, as 1.2 does (close() right after write())
        onTriggered: () => {
          socket.once('finish', () => socket.destroy());
          socket.end(Buffer.from(banner ?? '', 'latin1'));
        },
        onDone: () => {
          if (!socket.writableEnded) socket.destroy();
        },
      };
      if (!queue.push(hit)) socket.destroy();
    });
    server.on('error', () => emit(log.acceptFailed(ports[index]!)));
    server.listen({ fd, backlog: 5 });
  }
  return true;
};
