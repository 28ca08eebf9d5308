import { Args, Command, Flags } from '@oclif/core';
import { formatText, ignoreJson } from '../../lint/format.js';
import { DEFAULT_IGNORE, lintIgnore } from '../../lint/lint-ignore.js';
import { systemEnv } from '../../lint/system-env.js';

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
    const result = lintIgnore(args.file, systemEnv());
    process.stdout.write(flags.json ? ignoreJson(result) : formatText(result.findings));
    process.exitCode = result.exitStatus;
  }
}
