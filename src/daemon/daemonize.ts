import { spawn } from 'node:child_process';
import type { Settings } from '../config/settings.js';

/** How the invoking process hands InitConfig()'s result to the daemon (removed at once by the daemon). */
export const SETTINGS_ENV = 'PORTSENTRY_DAEMON_SETTINGS';

/**
 * DaemonSeed(): start the daemon as a new session, with no stdio, from "/" with umask 077. Node
 * cannot fork, so the daemon is this program started again as `portsentry -MODE`; it takes the
 * settings the invoking process read instead of reading (and logging) them again.
 */
export const spawnDaemon = (settings: Settings): boolean => {
  try {
    // always the legacy invocation (also for `portsentry run`), so that the daemon's command line is
    // "/usr/sbin/portsentry -tcp", which Debian's init script looks for with ps
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, `-${settings.mode}`], {
      cwd: '/',
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [SETTINGS_ENV]: JSON.stringify(settings) },
    });
    child.unref();
    return child.pid !== undefined;
  } catch {
    return false;
  }
};

/** In the daemon: take the settings passed by the invoking process, and become 1.2's daemon. */
export const takeDaemonSettings = (): Settings | null => {
  const raw = process.env[SETTINGS_ENV];
  if (raw === undefined) return null;
  delete process.env[SETTINGS_ENV];
  process.chdir('/');
  process.umask(0o077);
  return JSON.parse(raw) as Settings;
};
