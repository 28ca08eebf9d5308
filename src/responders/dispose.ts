import { log } from '../messages/legacy-messages.js';
import type { Settings } from '../config/settings.js';
import type { NowOrLater } from '../system/now-or-later.js';
import { isIpv6Target, killHostsDeny, killRoute, killRoute6, killRunCmd } from './kill-commands.js';

type Outcome = NowOrLater<boolean>;

/**
 * Runs the responses in order, each once the one before has finished: in this turn while each
 * finishes at once (a command over within runShell's wait, a hosts.deny line written), through a
 * promise from the first one that does not. Every one runs even after one fails; true when all
 * succeeded.
 */
const inOrder = (steps: readonly (() => Outcome)[], from = 0, okSoFar = true): Outcome => {
  let ok = okSoFar;
  for (let i = from; i < steps.length; i++) {
    const r = steps[i]!();
    if (typeof r !== 'boolean') return r.then((done) => inOrder(steps, i + 1, ok && done));
    ok &&= r;
  }
  return ok;
};

/**
 * DisposeTCP() / DisposeUDP(): BLOCK_x 1 runs hosts.deny, route, then the command (or the command
 * first with KILL_RUN_CMD_FIRST); 2 runs the command only; anything else logs that the response is
 * ignored. Every configured response runs even after one fails; the result is false if any failed.
 * The host is written to the blocked and history files whenever this returns true, even with 0.
 * An IPv6 host (ENABLE_IPV6 only) gets KILL_ROUTE6 in KILL_ROUTE's place; with no KILL_ROUTE6, one
 * line says that KILL_ROUTE was not run for it, which is no failure (hosts.deny and the command ran).
 * The result is known at once unless a response had to wait (a command still running after
 * runShell's wait, a hosts.deny FIFO without a reader): then a promise.
 */
export const dispose = (
  settings: Settings,
  proto: 'TCP' | 'UDP',
  target: string,
  port: number,
  emit: (text: string) => void,
): Outcome => {
  const block = proto === 'TCP' ? settings.blockTcp : settings.blockUdp;
  const mode = settings.mode;
  const ipv6 = isIpv6Target(settings.extensions.ipv6, target);
  const runCmd = (): Outcome =>
    settings.killRunCmd.length === 0 || killRunCmd(target, port, settings.killRunCmd, mode, emit, ipv6);
  // a FIFO waiting for a reader: the next response waits too, as in 1.2, without holding the thread
  const hostsDeny = (): Outcome =>
    settings.killHostsDeny.length === 0 || killHostsDeny(target, port, settings.killHostsDeny, mode, emit, ipv6);
  const route = (): Outcome => {
    // ENABLE_IPV6: an IPv6 host gets KILL_ROUTE6, never KILL_ROUTE (whose command is for IPv4)
    if (ipv6) {
      const route6 = settings.extensions.killRoute6;
      if (route6.length > 0) return killRoute6(target, port, route6, mode, emit);
      if (settings.killRoute.length > 0) emit(log.ours.routeNotForIpv6(target));
      return true;
    }
    return settings.killRoute.length === 0 || killRoute(target, port, settings.killRoute, mode, emit);
  };
  if (block === 1) return inOrder(settings.runCmdFirst ? [runCmd, hostsDeny, route] : [hostsDeny, route, runCmd]);
  if (block === 2) return runCmd();
  emit(log.ignoringResponse(proto));
  return true;
};
