import { log } from '../messages/legacy-messages.js';
import { native, SOCKET_FAILED } from '../system/native.js';
import type { Proto } from './packet-decode.js';

/**
 * BindSocket() as the stealth modes use it: socket + bind on INADDR_ANY, no SO_REUSEADDR, then
 * closed. 'in-use' when bind fails, 'no-socket' when socket() itself fails.
 */
export const probePort = (proto: Proto, port: number): 'free' | 'in-use' | 'no-socket' => {
  const r = native().bindPort(proto === 'TCP' ? 'tcp' : 'udp', port & 0xffff, false);
  if (r <= -SOCKET_FAILED) return 'no-socket';
  return r < 0 ? 'in-use' : 'free';
};

/**
 * SmartVerifyTCP()/SmartVerifyUDP(): true when the port has become bound since the start (the hit
 * is then ignored). A socket that cannot be opened is logged and counts as "not in use".
 */
export const smartVerify = (proto: Proto, port: number, emit: (t: string) => void): boolean => {
  const r = probePort(proto, port);
  if (r === 'no-socket') emit(log.smartVerifySocketFailed(proto));
  return r === 'in-use';
};

/** probePort on IPv6 (a v6-only socket on in6addr_any), for ENABLE_IPV6's in-use checks */
export const probePort6 = (proto: Proto, port: number): 'free' | 'in-use' | 'no-socket' => {
  const r = native().bindPort6(proto === 'TCP' ? 'tcp' : 'udp', port & 0xffff, false);
  if (r <= -SOCKET_FAILED) return 'no-socket';
  return r < 0 ? 'in-use' : 'free';
};

/** smartVerify for a hit from the IPv6 capture: the port bound on IPv6 since the start */
export const smartVerify6 = (proto: Proto, port: number, emit: (t: string) => void): boolean => {
  const r = probePort6(proto, port);
  if (r === 'no-socket') emit(log.smartVerifySocketFailed(proto));
  return r === 'in-use';
};
