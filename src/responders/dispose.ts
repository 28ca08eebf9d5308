import { log } from '../messages/legacy-messages.js';
import type { Settings } from '../config/settings.js';
import { isIpv6Target, killHostsDeny, killRoute, killRoute6, killRunCmd } from './kill-commands.js';

/**
 * DisposeTCP() / DisposeUDP(): BLOCK_x 1 runs hosts.deny, route, then the command (or the command
 * first with KILL_RUN_CMD_FIRST); 2 runs the command only; anything else logs that the response is
 * ignored. Every configured response runs even after one fails; the result is false if any failed.
 * The host is written to the blocked and history files whenever this returns true, even with 0.
 * An IPv6 host (ENABLE_IPV6 only) gets KILL_ROUTE6 in KILL_ROUTE's place; with no KILL_ROUTE6, one
 * line says that KILL_ROUTE was not run for it, which is no failure (hosts.deny and the command ran).
 */
export const dispose = async (
  settings: Settings,
  proto: 'TCP' | 'UDP',
  target: string,
  port: number,
  emit: (text: string) => void,
): Promise<boolean> => {
  const block = proto === 'TCP' ? settings.blockTcp : settings.blockUdp;
  const mode = settings.mode;
  const ipv6 = isIpv6Target(settings.extensions.ipv6, target);
  let ok = true;
  const runCmd = async () => {
    if (settings.killRunCmd.length > 0 && !(await killRunCmd(target, port, settings.killRunCmd, mode, emit, ipv6)))
      ok = false;
  };
  const hostsDeny = async () => {
    if (settings.killHostsDeny.length === 0) return;
    const written = killHostsDeny(target, port, settings.killHostsDeny, mode, emit, ipv6);
    // a FIFO waiting for a reader: the next response waits too, as in 1.2, without holding the thread
    if (!(typeof written === 'boolean' ? written : await written)) ok = false;
  };
  const route = async () => {
    // ENABLE_IPV6: an IPv6 host gets KILL_ROUTE6, never KILL_ROUTE (whose command is for IPv4)
    if (ipv6) {
      const route6 = settings.extensions.killRoute6;
      if (route6.length > 0) {
        if (!(await killRoute6(target, port, route6, mode, emit))) ok = false;
      } else if (settings.killRoute.length > 0) emit(log.ours.routeNotForIpv6(target));
      return;
    }
    if (settings.killRoute.length > 0 && !(await killRoute(target, port, settings.killRoute, mode, emit))) ok = false;
  };
  if (block === 1) {
    if (settings.runCmdFirst) {
      await runCmd();
      await hostsDeny();
      await route();
    } else {
      await hostsDeny();
      await route();
      await runCmd();
    }
  } else if (block === 2) {
    await runCmd();
  } else {
    emit(log.ignoringResponse(proto));
  }
  return ok;
};
