import { Flags } from '@oclif/core';
import { migrateNftables } from '../../migrate/migrate-nftables.js';
import { defaultRulesetPath } from '../../migrate/ruleset.js';
import { formatSummary } from '../../migrate/summary.js';
import { ReportingCommand } from '../../oclif/base-command.js';
import { configFlag, nftFlag, stateFileFlag } from '../../oclif/flags.js';
import { findNft } from '../../system/find-nft.js';

export default class MigrateNftables extends ReportingCommand {
  static override summary = "Move KILL_ROUTE blocking to portsentry's own nftables table and sets";
  static override description =
    'Recognises the KILL_ROUTE line 1.2 uses (route, ip route, iptables, ipchains, ipfwadm, ipfw, ipf forms), writes and loads ' +
    "an nftables ruleset with portsentry's table, and rewrites that one line so that each blocked host is added to the set. " +
    'The rest of the config stays byte for byte; a backup is kept. Running it again changes nothing. See portsentry-migrate(8).';
  static override examples = [
    '<%= config.bin %> migrate nftables --dry-run',
    '<%= config.bin %> migrate nftables --block-timeout 1h --import-history',
  ];
  static override flags = {
    config: configFlag('the config file to migrate'),
    'dry-run': Flags.boolean({ description: 'print the config diff and the ruleset; change nothing' }),
    'block-timeout': Flags.string({
      description: 'blocks expire after this nft duration (30m, 1h, 2d); "none" removes an earlier timeout',
      helpValue: 'DURATION',
    }),
    'import-history': Flags.boolean({ description: 'put the hosts of the history and blocked files in the set' }),
    ruleset: Flags.string({
      description: 'where to write the ruleset (default: /etc/portsentry/portsentry.nft)',
      helpValue: 'FILE',
    }),
    'state-file': stateFileFlag,
    nft: nftFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(MigrateNftables);
    const nftPath = findNft(flags.nft);
    const report = await migrateNftables({
      configPath: flags.config,
      rulesetPath: flags.ruleset ?? defaultRulesetPath(),
      stateFile: flags['state-file'],
      nft: [nftPath],
      nftPath,
      nftPathGiven: flags.nft !== undefined,
      dryRun: flags['dry-run'],
      blockTimeout: flags['block-timeout'],
      importHistory: flags['import-history'],
    });
    if (report.dryRun) {
      process.stdout.write(
        Buffer.from(report.diff === '' ? `(no change to ${report.configPath})\n` : report.diff, 'latin1'),
      );
      process.stdout.write(
        `\n# ruleset for ${report.rulesetPath}${report.rulesetChanged ? '' : ' (unchanged)'}:\n${report.ruleset}\n`,
      );
    }
    process.stdout.write(Buffer.from(formatSummary(report), 'latin1'));
  }
}
