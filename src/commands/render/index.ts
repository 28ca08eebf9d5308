import { Args, Flags } from '@oclif/core';
import { ReportingCommand } from '../../oclif/base-command.js';
import { RenderError } from '../../render/errors.js';
import { renderCommand } from '../../render/render-command.js';
import { DEFAULT_CONFIG_PATH } from '../../system/package-paths.js';

export default class Render extends ReportingCommand {
  static override summary =
    'Render one of the templates in templates/ (scripts, init script, units, logrotate, nftables).';

  static override description =
    'Fills a template with its variables: each one comes from --set NAME=VALUE, else from the config file ' +
    `(--config FILE, or ${DEFAULT_CONFIG_PATH} when it exists) for variables tied to a config key, ` +
    'else from the default in templates/NAME.json. Booleans are true or false, lists are comma-separated. ' +
    'An undeclared or missing variable is an error naming it. Values put into shell scripts are single-quoted. ' +
    'Without --out the text goes to stdout; with --out the file is written with mode 0755 for scripts and 0644 ' +
    'otherwise, and never over an existing file without --force. --no-config reads no config file at all, for renders ' +
    'that must not depend on the machine (packaging). `portsentry render list` lists the templates.';

  static override args = {
    name: Args.string({ description: 'template name (see `portsentry render list`)', required: true }),
  };

  static override flags = {
    set: Flags.string({
      description: 'give a variable a value: NAME=VALUE (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
    }),
    config: Flags.string({ description: 'config file to take defaults from (HISTORY_FILE, IGNORE_FILE, ...)' }),
    'no-config': Flags.boolean({
      description: `read no config file, not even ${DEFAULT_CONFIG_PATH}: --set values and defaults only`,
      default: false,
    }),
    out: Flags.string({ char: 'o', description: 'write to this file instead of stdout' }),
    force: Flags.boolean({ description: 'overwrite the --out file if it exists', default: false }),
  };

  static override examples = [
    '<%= config.bin %> render alert-report --set mailTo=admin --out /usr/local/sbin/portsentry-alert-report',
    '<%= config.bin %> render systemd --set udp=true',
    '<%= config.bin %> render logrotate --config /etc/portsentry/portsentry.conf',
  ];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Render);
    const out = renderCommand({
      name: args.name,
      sets: flags.set ?? [],
      ...(flags.config !== undefined ? { configPath: flags.config } : {}),
      noConfig: flags['no-config'],
      ...(flags.out !== undefined ? { outPath: flags.out } : {}),
      force: flags.force,
    });
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
  }

  /** a template, value or output-file problem; anything else is a bug, for oclif to print */
  protected override reports(err: Error): boolean {
    return err instanceof RenderError;
  }
}
