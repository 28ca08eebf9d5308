import { Flags } from '@oclif/core';
import { ReportingCommand } from '../../oclif/base-command.js';
import { RenderError } from '../../render/errors.js';
import { listCommand } from '../../render/render-command.js';

export default class RenderList extends ReportingCommand {
  static override summary = 'List the templates `portsentry render` knows, with a one-line description each.';

  static override flags = {
    json: Flags.boolean({ description: 'print a JSON array of {name, description}', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(RenderList);
    process.stdout.write(listCommand(flags.json).stdout);
  }

  /** as `portsentry render` says it */
  protected override get errorPrefix(): string {
    return 'portsentry render';
  }

  /** a template problem; anything else is a bug, for oclif to print */
  protected override reports(err: Error): boolean {
    return err instanceof RenderError;
  }
}
