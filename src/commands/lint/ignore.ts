import { Args, Command, Flags } from '@oclif/core';
import { DEFAULT_IGNORE } from '../../lint/lint-ignore.js';
import { runLintIgnore } from '../../lint/run-lint.js';

export default class LintIgnore extends Command {
  static override summary = 'Check a portsentry.ignore the way the daemon reads it.';

  static override description =
    'Reads an ignore file as portsentry 1.2 does on every detected scan and reports the entries it misreads ' +
    '(leading whitespace, host names, masks out of range, text after the address), whether 127.0.0.1 and this ' +
    "host's own addresses are protected, and whether anyone but root can change the file.\n\n" +
    'Exit status: 0 no problems (info only), 1 warnings, 2 errors (or the file cannot be read).';

  static override args = {
    file: Args.string({ description: 'ignore file', default: DEFAULT_IGNORE, required: false }),
  };

  static override flags = {
    json: Flags.boolean({ description: 'print findings and the entries as read as JSON', default: false }),
  };

  static override examples = ['<%= config.bin %> lint ignore', '<%= config.bin %> lint ignore ./portsentry.ignore'];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(LintIgnore);
    const out = runLintIgnore({ file: args.file, json: flags.json });
    process.stdout.write(out.stdout);
    process.exitCode = out.exitStatus;
  }
}
