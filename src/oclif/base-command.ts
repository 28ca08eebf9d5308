import { Command, Errors } from '@oclif/core';

/**
 * The base of the subcommands that report their module's failures themselves: run() calls a plain
 * module and prints; an error it throws that this command reports (reports()) is printed as
 * "PREFIX: message" on stderr, as it is (oclif's own error() would re-wrap it at 80 columns), and
 * the command exits with status 1. Every other error (oclif's flag and argument errors, exit, a
 * bug) is oclif's to print.
 */
export abstract class ReportingCommand extends Command {
  /** "portsentry blocked list": the command's words */
  protected get errorPrefix(): string {
    return `portsentry ${(this.id ?? '').split(':').join(' ')}`;
  }

  /** every failure of the module the command calls; oclif's own errors are not */
  protected reports(err: Error): boolean {
    return !(err instanceof Errors.CLIError);
  }

  protected override async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    if (!this.reports(err)) return super.catch(err);
    process.stderr.write(`${this.errorPrefix}: ${err.message}\n`);
    return super.catch(new Errors.ExitError(1));
  }
}
