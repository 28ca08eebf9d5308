import { log, stdout, usage } from '../messages/legacy-messages.js';
import { DEFAULT_CONFIG_PATH } from '../system/package-paths.js';
import { initConfig, isMode } from '../config/settings.js';
import { loadConfigFile } from '../config/config-file.js';
import { Syslog } from '../outputs/syslog.js';
import { exitLegacy } from '../daemon/exit.js';
import { PendingDaemon, awaitSettings, becomeDaemon, invokingProcess, isStandbyDaemon } from '../daemon/daemonize.js';

const print = (text: string): void => {
  process.stdout.write(text);
};

/** The syslog socket; tests may point it elsewhere. */
const syslogPath = (): string => process.env.PORTSENTRY_SYSLOG_SOCKET ?? '/dev/log';

/**
 * main() of 1.2: argument count, root check, the six flags, "starting", the config checks, then
 * the daemon. The invoking process exits 0 once the daemon is started. Started by bin/portsentry's
 * bash line, which waits as the invoking process, this process does main()'s work under that
 * process's pid and then becomes the daemon itself.
 */
export const legacyMain = async (args: string[], early: PendingDaemon | null = null): Promise<void> => {
  const syslog = new Syslog(syslogPath());
  const invoker = invokingProcess();
  if (invoker !== null) syslog.pid = invoker;

  if (isStandbyDaemon()) {
    // load the detector while the invoking process reads the config, then wait for its result
    const { runMode, preloadMode } = await import('../daemon/run-mode.js');
    const flagMode = (args[0] ?? '').slice(1);
    if (isMode(flagMode)) await preloadMode(flagMode);
    const settings = await awaitSettings();
    if (settings === null) process.exit(0);
    await runMode(settings, syslog);
    return;
  }

  if (args.length !== 1) {
    print(usage);
    exitLegacy(syslog, -1);
  }
  if (process.geteuid!() !== 0 && process.getuid!() !== 0) {
    print(stdout.notRoot);
    exitLegacy(syslog, -1);
  }
  const flag = args[0]!;
  const mode = flag.slice(1);
  if (!flag.startsWith('-') || !isMode(mode)) {
    print(usage);
    exitLegacy(syslog, -1);
  }

  const daemon = invoker !== null ? null : (early ?? PendingDaemon.start(mode));
  // an error before the hand-over: 1.2 had not forked yet, so no daemon may outlive this process
  function fail(): never {
    daemon?.cancel();
    exitLegacy(syslog, -1);
  }
  syslog.log(log.starting);
  const config = loadConfigFile(DEFAULT_CONFIG_PATH);
  if (config.content === null) {
    syslog.log(log.cannotOpenConfigExiting(DEFAULT_CONFIG_PATH));
    syslog.log(log.configFilesMissing);
    print(stdout.configMissing);
    fail();
  }
  const settings = initConfig(config, mode, syslog.log);
  if (settings === null) {
    syslog.log(log.configCorrupted);
    print(stdout.configCorrupted);
    fail();
  }
  if (invoker !== null) {
    // the bash line is gone (killed before 1.2 would have forked): nobody is left to report to
    if (!becomeDaemon()) process.exit(0);
    syslog.pid = process.pid;
    // loading since startDaemonEarly
    const { runMode } = await import('../daemon/run-mode.js');
    await runMode(settings, syslog);
    return;
  }
  if (daemon === null || !(await daemon.hand(settings))) {
    syslog.log(log.daemonFailed);
    print(stdout.daemonFailed);
    fail();
  }
  syslog.flush(200);
  process.exit(0);
};
