import { appendLine } from '../outputs/blocked-files.js';
import { log, WRAPPER_HOSTS_DENY } from '../messages/legacy-messages.js';
import { cleanIpAddr, substString } from './substitute.js';
import { commandTimeoutSeconds, runShell } from './run-shell.js';

type Option = 'KILL_ROUTE' | 'KILL_HOSTS_DENY' | 'KILL_RUN_CMD';
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
): string | null => {
  let text = template;
  const steps: ['$TARGET$' | '$PORT$' | '$MODE$', string][] = [
    ['$TARGET$', cleanIpAddr(target)],
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
 * whatever the exit status, as 1.2 does; only a command that cannot be started is an error.
 */
const runResponse = async (
  option: 'KILL_ROUTE' | 'KILL_RUN_CMD',
  target: string,
  port: number,
  template: string,
  mode: string,
  emit: Emit,
): Promise<boolean> => {
  const command = buildResponse(option, template, target, port, mode, emit);
  if (command === null) return false;
  const seconds = commandTimeoutSeconds();
  const outcome = await runShell(command, seconds);
  if (outcome === 'timed-out') emit(log.ours.commandTimedOut(option, seconds, command));
  const route = option === 'KILL_ROUTE';
  if (outcome === 'spawn-failed') {
    emit(route ? log.blockSystemFail(target) : log.runSystemFail(target));
    return false;
  }
  emit(route ? log.routeBlocked(target, command) : log.commandRun(target, command));
  return true;
};

/** KillRoute() */
export const killRoute = (target: string, port: number, template: string, mode: string, emit: Emit): Promise<boolean> =>
  runResponse('KILL_ROUTE', target, port, template, mode, emit);

/** KillRunCmd() */
export const killRunCmd = (
  target: string,
  port: number,
  template: string,
  mode: string,
  emit: Emit,
): Promise<boolean> => runResponse('KILL_RUN_CMD', target, port, template, mode, emit);

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
): boolean | Promise<boolean> => {
  const line = buildResponse('KILL_HOSTS_DENY', template, target, port, mode, emit);
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
  const written = appendLine(WRAPPER_HOSTS_DENY, `${line}\n`);
  return typeof written === 'boolean' ? report(written) : written.then(report);
};
