import { log } from '../messages/legacy-messages.js';
import { native } from '../system/native.js';
import type { Settings } from '../config/settings.js';
import type { Engine } from '../engine/detection.js';
import { setUpClassicMode } from './classic-setup.js';
import type { StartReport } from './mode-starter.js';
import { HeldConnections } from './held-connections.js';
import { canonicalIpv6 } from '../engine/ipv6-address.js';

/** accepted connections held open for their banner at once (src/capture/held-connections.ts) */
const MAX_HELD_CONNECTIONS = 256;

const NOTHING = Buffer.alloc(0);

/**
 * PortSentryModeTCP(): listen on each TCP_PORTS port; each accepted connection is a hit, under
 * the address accept(2) returned (a connection reset while queued still has one). Once the host
 * triggers, PORT_BANNER is written and the connection closed. Returns false when the mode cannot
 * start (1.2's "could not go into PortSentry mode").
 */
export const startClassicTcp = (
  settings: Settings,
  engine: Engine,
  emit: (t: string) => void,
  report?: StartReport,
): boolean => {
  const setup = setUpClassicMode('TCP', settings, engine, emit, report);
  if (setup === null) return false;
  const { ports, banner, bound, bound6, queue } = setup;
  const bannerBytes = Buffer.from(banner ?? '', 'latin1');
  const addon = native();
  const held = new HeldConnections(MAX_HELD_CONNECTIONS, addon);

  for (const { fd, index } of bound) {
    // 1.2 names ports[i] for the i-th socket that bound, which is not that socket's port when
    // an earlier port failed to bind (PortSentryModeTCP)
    const port = ports[index]!;
    const watching = addon.watchAccept(fd, (conn, address) => {
      if (conn < 0 || address === null) {
        emit(log.acceptFailed(port));
        return;
      }
      const connection = held.take(conn);
      const accepted = queue.push({
        target: address,
        proto: 'TCP',
        port,
        kind: 'classic',
        // write the banner, then close, as 1.2 does (close() right after write())
        onTriggered: () => connection.finish(bannerBytes),
        onDone: () => connection.finish(NOTHING),
      });
      if (!accepted) connection.finish(NOTHING);
    });
    if (watching < 0) emit(log.acceptFailed(port));
  }
  // ENABLE_IPV6: the v6-only sockets beside them, each named by its own port; the source in the
  // one text form (RFC 5952) the engine and the files use
  for (const { fd, port } of bound6) {
    const watching = addon.watchAccept6(fd, (conn, address) => {
      if (conn < 0 || address === null) {
        emit(log.acceptFailed(port));
        return;
      }
      const connection = held.take(conn);
      const accepted = queue.push({
        target: canonicalIpv6(address) ?? address,
        proto: 'TCP',
        port,
        kind: 'classic',
        onTriggered: () => connection.finish(bannerBytes),
        onDone: () => connection.finish(NOTHING),
      });
      if (!accepted) connection.finish(NOTHING);
    });
    if (watching < 0) emit(log.acceptFailed(port));
  }
  return true;
};
