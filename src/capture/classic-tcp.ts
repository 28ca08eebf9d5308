import net from 'node:net';
import { log } from '../legacy/messages.js';
import type { Settings } from '../config/settings.js';
import type { Engine, Hit } from '../engine/detection.js';
import { setUpClassicMode } from './classic-setup.js';

/**
 * PortSentryModeTCP(): listen on each TCP_PORTS port; each accepted connection is a hit. Once the
 * host triggers, PORT_BANNER is written and the connection closed. Returns false when the mode
 * cannot start (1.2's "could not go into PortSentry mode").
 */
export const startClassicTcp = (settings: Settings, engine: Engine, emit: (t: string) => void): boolean => {
  const setup = setUpClassicMode('TCP', settings, engine, emit);
  if (setup === null) return false;
  const { ports, banner, bound, queue } = setup;

  for (const { fd, index } of bound) {
    const server = net.createServer({ pauseOnConnect: true }, (socket) => {
      socket.on('error', () => undefined);
      const hit: Hit = {
        target: socket.remoteAddress?.replace(/^::ffff:/, '') ?? '',
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
