import { Command, Flags } from '@oclif/core';
import { RenderError } from '../../render/errors.js';
import { listCommand } from '../../render/render-command.js';

export default class RenderList extends Command {
  static override summary = 'List the templates `portsentry render` knows, with a one-line description each.';

  static override flags = {
    json: Flags.boolean({ description: 'print a JSON array of {name, description}', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(RenderList);
    try {
      process.stdout.write(listCommand(flags.json).stdout);
    } catch (err) {
      if (!(err instanceof RenderError)) throw err;
      // the message as it is: oclif's error() would re-wrap it at 80 columns
      process.stderr.write(`portsentry render: ${err.message}\n`);
      this.exit(1);
    }
  }
}
