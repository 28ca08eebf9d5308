import { appendLine } from '../outputs/blocked-files.js';
import { log, WRAPPER_HOSTS_DENY } from '../messages/legacy-messages.js';
import { cleanIpAddr, cleanIpv6Addr, substString } from './substitute.js';
import { commandTimeoutSeconds, runShell, type ShellOutcome } from './run-shell.js';
import { whenKnown, type NowOrLater } from '../system/now-or-later.js';

type Option = 'KILL_ROUTE' | 'KILL_ROUTE6' | 'KILL_HOSTS_DENY' | 'KILL_RUN_CMD';

/**
 * An IPv6 host: only with ENABLE_IPV6, whose detectors hand over IPv6 sources in their canonical
 * text (never with a '.': an IPv4-mapped source comes as the dotted quad). Without it every target
 * is cleaned as 1.2 cleans it, whatever its text.
 */
export const isIpv6Target = (ipv6: boolean, target: string): boolean => ipv6 && target.includes(':');

/**
 * What $TARGET$ becomes: an IPv4 address cleaned as CleanIpAddr() does; an IPv6 one (only with
 * ENABLE_IPV6) keeps its hexadecimal digits and ':' (cleanIpv6Addr), and is written "[addr]" in
 * KILL_HOSTS_DENY, the only form tcp_wrappers matches ("ALL: 2001:db8::1" denies nobody).
 */
export const targetValue = (option: Option, target: string, ipv6: boolean): string => {
  if (!isIpv6Target(ipv6, target)) return cleanIpAddr(target);
  const clean = cleanIpv6Addr(target);
  return option === 'KILL_HOSTS_DENY' ? `[${clean}]` : clean;
};
type Emit = (text: string) => void;

/**
 * The $TARGET$, $PORT$, $MODE$ substitutions shared by KillRoute(), KillHostsDeny() and
 * KillRunCmd(), in that order, with each of 1.2's refusals. The address is cleaned first.
 */
export const buildResponse = (
  option: Option,
  template: string,
  target: string,
  port: number,
  mode: string,
  emit: Emit,
  ipv6 = false,
): string | null => {
  let text = template;
  const steps: ['$TARGET$' | '$PORT$' | '$MODE$', string][] = [
    ['$TARGET$', targetValue(option, target, ipv6)],
    ['$PORT$', String(port)],
    ['$MODE$', mode],
  ];
  for (const [token, value] of steps) {
    const r = substString(value, token, text);
    if ('error' in r) {
      emit(r.error === 'overflow' ? log.ours.substitutionTooLong(option) : log.tokenParseError(token, option));
      return null;
    }
    if (token === '$TARGET$' && r.count === 0 && option !== 'KILL_RUN_CMD') {
      emit(log.noTargetVariable(option));
      return null;
    }
    text = r.text;
  }
  return text;
};

/**
 * KillRoute() and KillRunCmd(): substitute, run through /bin/sh (bounded), then report success
 * whatever the exit status, as 1.2 does; only a command that cannot be started is an error. The
 * result is known at once when the command was over within runShell's wait, else a promise.
 */
const runResponse = (
  option: 'KILL_ROUTE' | 'KILL_ROUTE6' | 'KILL_RUN_CMD',
  target: string,
  port: number,
  template: string,
  mode: string,
  emit: Emit,
  ipv6: boolean,
): NowOrLater<boolean> => {
  const command = buildResponse(option, template, target, port, mode, emit, ipv6);
  if (command === null) return false;
  const seconds = commandTimeoutSeconds();
  const report = (outcome: ShellOutcome): boolean => {
    if (outcome === 'timed-out') emit(log.ours.commandTimedOut(option, seconds, command));
    const route = option !== 'KILL_RUN_CMD';
    if (outcome === 'spawn-failed') {
      emit(route ? log.blockSystemFail(target) : log.runSystemFail(target));
      return false;
    }
    emit(route ? log.routeBlocked(target, command) : log.commandRun(target, command));
    return true;
  };
  return whenKnown(runShell(command, seconds), report);
};

/** KillRoute() */
export const killRoute = (
  target: string,
  port: number,
  template: string,
  mode: string,
  emit: Emit,
): NowOrLater<boolean> => runResponse('KILL_ROUTE', target, port, template, mode, emit, false);

/** ENABLE_IPV6: KILL_ROUTE6 for an IPv6 host, with KillRoute()'s rules and lines */
export const killRoute6 = (
  target: string,
  port: number,
  template: string,
  mode: string,
  emit: Emit,
): NowOrLater<boolean> => runResponse('KILL_ROUTE6', target, port, template, mode, emit, true);

/** KillRunCmd() */
export const killRunCmd = (
  target: string,
  port: number,
  template: string,
  mode: string,
  emit: Emit,
  ipv6 = false,
): NowOrLater<boolean> => runResponse('KILL_RUN_CMD', target, port, template, mode, emit, ipv6);

/**
 * KillHostsDeny(): one line appended to /etc/hosts.deny. The result is known at once, except when
 * /etc/hosts.deny is a FIFO waiting for a reader (1.2 waits in fopen()): then a promise.
 */
export const killHostsDeny = (
  target: string,
  port: number,
  template: string,
  mode: string,
  emit: Emit,
  ipv6 = false,
): NowOrLater<boolean> => {
  const line = buildResponse('KILL_HOSTS_DENY', template, target, port, mode, emit, ipv6);
  if (line === null) return false;
  const report = (ok: boolean): boolean => {
    if (!ok) {
      emit(log.hostsDenyOpenFailed(WRAPPER_HOSTS_DENY));
      emit(log.hostsDenyBlockError(target));
      return false;
    }
    emit(log.hostsDenyBlocked(target, line));
    return true;
  };
  return whenKnown(appendLine(WRAPPER_HOSTS_DENY, `${line}\n`), report);
};
