import { inetAton } from './inet-addr.js';
import { parseIpv6 } from './ipv6-address.js';

/**
 * CleanAndResolve(): the host's name as gethostbyaddr() gives it, through the system resolver
 * (NSS: /etc/hosts, then DNS, as /etc/nsswitch.conf says), or the address itself when it has no
 * name. null when the text is not an address (1.2's "Error resolving host"). An IPv6 target (only
 * with ENABLE_IPV6) is resolved the same way (getnameinfo() over its reverse name in ip6.arpa).
 * node:dns is loaded at the first name asked for (RESOLVE_HOST="1"), not at every start.
 */
export const resolveHost = async (target: string): Promise<string | null> => {
  if (target.includes(':') ? parseIpv6(target) === null : inetAton(target) === null) return null;
  try {
    const { lookupService } = await import('node:dns/promises');
    const { hostname } = await lookupService(target, 0);
    return hostname.length > 0 ? hostname.slice(0, 254) : target;
  } catch {
    return target;
  }
};
