import { lookupToken } from '../config/config-file.js';
import { EXTENSION_KEY_NAMES, extensionKey } from '../config/extension-keys.js';
import type { ConfContext } from './conf-context.js';
import { show } from './show.js';

/**
 * The extension keys (src/config/extension-keys.ts): each one set is named as an extension 1.2
 * ignores, and its value is checked. The checks that need other options (IPv6 without a route
 * command, and the like) belong to the extension's own rules.
 */
export const checkExtensions = (ctx: ConfContext): void => {
  const { findings, file } = ctx;
  for (const key of EXTENSION_KEY_NAMES) {
    const found = lookupToken(ctx.config, key);
    const info = extensionKey(key);
    if (found.kind === 'no-quotes') {
      findings.add(
        file,
        { line: found.line, column: found.column },
        'warning',
        'missing-quotes',
        `${key} has no quotes: it is read as if it were not set (${info.whenAbsent})`,
        `write ${key}="..."`,
      );
      continue;
    }
    if (found.kind !== 'found') continue;
    const at = { line: found.line, column: found.column };
    findings.add(file, at, 'info', 'extension-key', `${key} is an extension key, which 1.2 ignores: ${info.summary}`);
    const problem = info.check(found.value);
    if (problem !== null) {
      findings.add(file, at, 'warning', 'bad-extension-value', `${key}="${show(found.value)}": ${problem}`);
    }
  }
};
