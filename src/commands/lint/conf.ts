import { Args, Command, Flags } from '@oclif/core';
import { runLintConf } from '../../lint/run-lint.js';
import { modeFlag } from '../../oclif/flags.js';
import { DEFAULT_CONFIG_PATH } from '../../system/package-paths.js';

export default class LintConf extends Command {
  static override summary = 'Check a portsentry.conf the way the daemon reads it.';

  static override description =
    "Reads the config with the daemon's own reader and reports, for every line that matters, what portsentry 1.2 " +
    'will do with it: options it skips, cuts or never reads, ports it binds instead of the ones written, responses ' +
    'it never runs. Also checks the ignore file and the response programs the config names, and, with --mode, what ' +
    'that mode needs (and which of its ports a running service already holds).\n\n' +
    'Findings are printed one per line as FILE:LINE:COL: severity: message [rule], a hint below when a fix is ' +
    'known, then a summary.\n\n' +
    'Exit status: 0 no problems (info only), 1 warnings, 2 errors (or the file cannot be read).';

  static override args = {
    file: Args.string({ description: 'config file', default: DEFAULT_CONFIG_PATH, required: false }),
  };

  static override flags = {
    mode: modeFlag({ description: 'check what this detection mode needs' }),
    json: Flags.boolean({ description: 'print findings and the effective configuration as JSON', default: false }),
    effective: Flags.boolean({ description: 'print only the configuration as the daemon reads it', default: false }),
    'no-probe': Flags.boolean({
      description: 'do not bind the listed ports to find those already in use',
      default: false,
    }),
  };

  static override examples = [
    '<%= config.bin %> lint conf',
    '<%= config.bin %> lint conf --mode stcp /etc/portsentry/portsentry.conf',
    '<%= config.bin %> lint conf --effective ./portsentry.conf',
  ];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(LintConf);
    const out = runLintConf({
      file: args.file,
      mode: flags.mode,
      json: flags.json,
      effective: flags.effective,
      probe: !flags['no-probe'],
    });
    process.stdout.write(out.stdout);
    process.exitCode = out.exitStatus;
  }
}
