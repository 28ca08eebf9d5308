import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { METRICS_INTERVAL_DEFAULT } from '../config/extension-keys.js';
import { log } from '../messages/legacy-messages.js';
import { configFromString, loadConfigFile, CONFIG_MAX_BYTES, type ConfigFile } from '../config/config-file.js';
import { readBoundedText } from '../system/read-bounded.js';
import { initConfig, type Mode } from '../config/settings.js';
import { Syslog } from '../outputs/syslog.js';
import { builtInConfigPath, shippedIgnorePath, DEFAULT_CONFIG_PATH } from '../system/package-paths.js';
import { runMode } from './run-mode.js';
import { PendingDaemon } from './daemonize.js';

interface RunOptions {
  mode: Mode;
  /** an explicit --config; undefined means /etc/portsentry/portsentry.conf or the built-in default */
  config?: string;
  foreground: boolean;
  syslogSocket?: string;
  /** `--metrics-file`: write the metrics there (overrides METRICS_FILE) */
  metricsFile?: string;
}

/**
 * The built-in default config, used only when neither --config nor /etc/portsentry/portsentry.conf
 * exists: its ignore file falls back to the shipped one, and /var/lib/portsentry is created.
 */
const builtInConfig = (): { file: ConfigFile; notes: string[] } => {
  const path = builtInConfigPath();
  let text = readBoundedText(path, { maxBytes: CONFIG_MAX_BYTES });
  const notes = [`portsentry: ${DEFAULT_CONFIG_PATH} does not exist; running with the built-in default ${path}`];
  const ignore = '/etc/portsentry/portsentry.ignore';
  if (!existsSync(ignore)) {
    const shipped = shippedIgnorePath();
    text = text.replace(`IGNORE_FILE="${ignore}"`, `IGNORE_FILE="${shipped}"`);
    notes.push(`portsentry: ${ignore} does not exist; ignoring the hosts listed in ${shipped}`);
  }
  if (!existsSync('/var/lib/portsentry')) {
    mkdirSync('/var/lib/portsentry', { recursive: true, mode: 0o755 });
    notes.push('portsentry: created /var/lib/portsentry');
  }
  return { file: configFromString(path, text), notes };
};

type RunResult = { ok: true } | { ok: false; message: string };

/**
 * `portsentry run MODE`: the same start-up and engine as the legacy invocation; in the foreground
 * (for systemd) it does not detach, and every syslog line is also written to stderr.
 */
export const runModern = async (opts: RunOptions, stderr: (text: string) => void): Promise<RunResult> => {
  let file: ConfigFile;
  if (opts.config !== undefined) file = loadConfigFile(opts.config);
  else if (existsSync(DEFAULT_CONFIG_PATH)) file = loadConfigFile(DEFAULT_CONFIG_PATH);
  else {
    const built = builtInConfig();
    built.notes.forEach((n) => stderr(`${n}\n`));
    file = built.file;
  }
  const echo = opts.foreground ? (text: string) => stderr(text.endsWith('\n') ? text : `${text}\n`) : undefined;
  const syslog = new Syslog(opts.syslogSocket ?? process.env.PORTSENTRY_SYSLOG_SOCKET ?? '/dev/log', echo);
  syslog.log(log.starting);
  if (file.content === null) {
    syslog.log(log.cannotOpenConfigExiting(file.path));
    syslog.log(log.configFilesMissing);
    return { ok: false, message: `cannot read config file ${file.path}: ${file.openError ?? 'unknown error'}` };
  }
  const settings = initConfig(file, opts.mode, syslog.log);
  if (settings === null) {
    syslog.log(log.configCorrupted);
    return {
      ok: false,
      message: `${file.path}: the config is missing a mandatory option or its files cannot be written (see the lines above)`,
    };
  }
  if (opts.metricsFile !== undefined) {
    const intervalSeconds = settings.extensions.metrics?.intervalSeconds ?? METRICS_INTERVAL_DEFAULT;
    settings.extensions.metrics = { file: resolve(opts.metricsFile), exact: true, intervalSeconds };
  }
  if (!opts.foreground) {
    const daemon = PendingDaemon.start(opts.mode);
    return daemon !== null && (await daemon.hand(settings))
      ? { ok: true }
      : { ok: false, message: 'could not start the daemon process' };
  }
  process.umask(0o077);
  await runMode(settings, syslog, { exitStatusOnSignal: 0 });
  return { ok: true };
};
