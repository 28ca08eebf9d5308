import { log } from '../messages/legacy-messages.js';
import type { Settings } from '../config/settings.js';
import { killHostsDeny, killRoute, killRunCmd } from './kill-commands.js';

/**
 * DisposeTCP() / DisposeUDP(): BLOCK_x 1 runs hosts.deny, route, then the command (or the command
 * first with KILL_RUN_CMD_FIRST); 2 runs the command only; anything else logs that the response is
 * ignored. Every configured response runs even after one fails; the result is false if any failed.
 * The host is written to the blocked and history files whenever this returns true, even with 0.
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
  let ok = true;
  const runCmd = async () => {
    if (settings.killRunCmd.length > 0 && !(await killRunCmd(target, port, settings.killRunCmd, mode, emit)))
      ok = false;
  };
  const hostsDeny = async () => {
    if (settings.killHostsDeny.length === 0) return;
    const written = killHostsDeny(target, port, settings.killHostsDeny, mode, emit);
    // a FIFO waiting for a reader: the next response waits too, as in 1.2, without holding the thread
    if (!(typeof written === 'boolean' ? written : await written)) ok = false;
  };
  const route = async () => {
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
