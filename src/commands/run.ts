import { Args, Command, Flags } from '@oclif/core';
import { MODES, type Mode } from '../config/settings.js';
import { runModern } from '../daemon/modern-run.js';

export default class Run extends Command {
  static override summary = 'Run the detector in one mode, as `portsentry -MODE` does.';

  static override description =
    'Starts the same engine as the legacy invocation (same config reading, detection, responses, syslog lines and files). ' +
    'Without --config it reads /etc/portsentry/portsentry.conf or, when that file does not exist, the built-in default ' +
    '(detect and log only).\n\n' +
    'With --foreground it stays attached (for systemd), writes every syslog line to stderr too, and exits 0 on SIGTERM. ' +
    'Without it, it detaches as the legacy invocation does. Response commands (KILL_ROUTE, KILL_RUN_CMD) are killed ' +
    'after PORTSENTRY_COMMAND_TIMEOUT seconds (default 120).';

  static override args = {
    mode: Args.string({ description: 'detection mode', required: true, options: [...MODES] }),
  };

  static override flags = {
    config: Flags.string({ char: 'c', description: 'config file to read instead of /etc/portsentry/portsentry.conf' }),
    foreground: Flags.boolean({ char: 'f', description: 'stay in the foreground and log to stderr too', default: false }),
  };

  static override examples = ['<%= config.bin %> run tcp --foreground', '<%= config.bin %> run udp --config ./portsentry.conf'];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Run);
    const result = await runModern(
      { mode: args.mode as Mode, config: flags.config, foreground: flags.foreground },
      (text) => process.stderr.write(text),
    );
    if (!result.ok) this.error(result.message, { exit: 1 });
  }
}
