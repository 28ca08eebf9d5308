import { Command, Flags } from '@oclif/core';
import { runModern } from '../daemon/modern-run.js';
import { modeArg } from '../oclif/flags.js';
import { DEFAULT_CONFIG_PATH } from '../system/package-paths.js';

export default class Run extends Command {
  static override summary = 'Run the detector in one mode, as `portsentry -MODE` does.';

  static override description =
    'Starts the same engine as the legacy invocation (same config reading, detection, responses, syslog lines and files). ' +
    `Without --config it reads ${DEFAULT_CONFIG_PATH} or, when that file does not exist, the built-in default ` +
    '(detect and log only).\n\n' +
    'With --foreground it stays attached (for systemd), writes every syslog line to stderr too, and exits 0 on SIGTERM. ' +
    'Without it, it detaches as the legacy invocation does. Response commands (KILL_ROUTE, KILL_RUN_CMD) are killed ' +
    'after PORTSENTRY_COMMAND_TIMEOUT seconds (default 120).';

  static override args = {
    mode: modeArg({ description: 'detection mode', required: true }),
  };

  static override flags = {
    config: Flags.string({ char: 'c', description: `config file to read instead of ${DEFAULT_CONFIG_PATH}` }),
    foreground: Flags.boolean({
      char: 'f',
      description: 'stay in the foreground and log to stderr too',
      default: false,
    }),
    'metrics-file': Flags.string({
      description:
        "write Prometheus metrics to this file (node_exporter's textfile collector reads *.prom), every METRICS_INTERVAL seconds (default 15); overrides METRICS_FILE",
    }),
  };

  static override examples = [
    '<%= config.bin %> run tcp --foreground',
    '<%= config.bin %> run udp --config ./portsentry.conf',
    '<%= config.bin %> run stcp --foreground --metrics-file /var/lib/prometheus/node-exporter/portsentry-stcp.prom',
  ];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Run);
    const result = await runModern(
      { mode: args.mode, config: flags.config, foreground: flags.foreground, metricsFile: flags['metrics-file'] },
      (text) => process.stderr.write(text),
    );
    if (!result.ok) this.error(result.message, { exit: 1 });
  }
}
