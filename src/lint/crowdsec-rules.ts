import { lookupToken } from '../config/config-file.js';
import { parseCredentials } from '../crowdsec/credentials.js';
import type { ConfContext } from './conf-context.js';
import { errnoText } from './read-input.js';

/**
 * CROWDSEC_CREDENTIALS: the file it names must be a regular file the daemon can read, not
 * readable by everyone (it holds the machine's password), with url, login and password, the URL
 * an http:// or https:// one. Each problem is reported at the key's line, where the fix starts.
 */
export const checkCrowdsec = (ctx: ConfContext): void => {
  const found = lookupToken(ctx.config, 'CROWDSEC_CREDENTIALS');
  if (found.kind !== 'found' || found.value === '') return;
  const path = found.value;
  const at = { line: found.line, column: found.column };
  const add = (severity: 'error' | 'warning', message: string, hint?: string) =>
    ctx.findings.add(ctx.file, at, severity, 'crowdsec-credentials', message, hint);
  const facts = ctx.env.stat(path);
  if ('error' in facts) {
    add(
      'error',
      `CROWDSEC_CREDENTIALS: ${path}: cannot be read (${errnoText(facts.error)}): nothing is pushed`,
      `cscli lapi register -f ${path}`,
    );
    return;
  }
  if (facts.kind !== 'file') {
    add('error', `CROWDSEC_CREDENTIALS: ${path}: expected a regular file, found a ${facts.kind}: nothing is pushed`);
    return;
  }
  if ((facts.mode & 0o004) !== 0) {
    add(
      'warning',
      `CROWDSEC_CREDENTIALS: ${path} is readable by everyone (mode ${facts.mode.toString(8).padStart(4, '0')}): it holds the machine's password`,
      `chmod o-rwx ${path}`,
    );
  }
  const read = ctx.env.readFile(path);
  if ('error' in read) {
    add('error', `CROWDSEC_CREDENTIALS: ${path}: cannot be read (${errnoText(read.error)}): nothing is pushed`);
    return;
  }
  const parsed = parseCredentials(path, Buffer.from(read.content, 'latin1').toString('utf8'));
  if ('problems' in parsed)
    for (const p of parsed.problems) add('error', `CROWDSEC_CREDENTIALS: ${p}: nothing is pushed`);
};
