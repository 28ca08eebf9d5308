import { findTemplatesDir, loadTemplate } from '../render/catalog.js';
import { renderTemplate } from '../render/render.js';
import type { LogSpec } from './kill-route-forms.js';

/** the template migrate writes its ruleset from; `portsentry render nftables` renders the same one */
const TEMPLATE = 'nftables';

/** Where the ruleset goes unless told otherwise (the template's suggestedPath). */
export const defaultRulesetPath = (templatesDir: string = findTemplatesDir()): string =>
  loadTemplate(templatesDir, TEMPLATE).spec.output.suggestedPath;

/** What migrate decides about the ruleset. */
export interface RulesetSettings {
  blockTimeout: string | null;
  log: LogSpec | null;
  inputInterface: string | null;
  replaces: string | null;
}

/**
 * The ruleset text: templates/nftables.hbs rendered as `portsentry render nftables --no-config
 * --set ...` would render it (same checks of the template and of each value), with the
 * template's defaults for whatever migrate does not set.
 */
export const renderRuleset = (s: RulesetSettings, templatesDir: string = findTemplatesDir()): string => {
  const sets = [
    `blockTimeout=${s.blockTimeout ?? ''}`,
    `log=${s.log !== null}`,
    `inputInterface=${s.inputInterface ?? ''}`,
    `replaces=${s.replaces ?? ''}`,
  ];
  if (s.log !== null) {
    sets.push(
      `logPrefix=${s.log.prefix}`,
      `logLevel=${s.log.level}`,
      `logRate=${s.log.rate}`,
      `logBurst=${s.log.burst}`,
    );
  }
  return renderTemplate({ name: TEMPLATE, sets, noConfig: true, templatesDir }).text;
};

/** The KILL_ROUTE recorded in a ruleset migrate wrote ("# KILL_ROUTE before migration: ..."). */
export const replacedKillRoute = (ruleset: string): string | null => {
  const m = /^# KILL_ROUTE before migration: (.*)$/m.exec(ruleset);
  return m === null ? null : m[1]!;
};
