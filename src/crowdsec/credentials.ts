import { createRequire } from 'node:module';
import type { parse } from 'yaml';
import { readBounded } from '../system/read-bounded.js';

let parseYaml: typeof parse | undefined;
/**
 * yaml's parse, required on first use (yaml is a CommonJS package for Node): its modules take about
 * 48 ms to load, which `lint conf` and the daemon pay only when CROWDSEC_CREDENTIALS is set.
 */
const yamlParse = (): typeof parse =>
  (parseYaml ??= (createRequire(import.meta.url)('yaml') as { parse: typeof parse }).parse);

/**
 * The machine credentials CrowdSec's `cscli lapi register` writes (local_api_credentials.yaml):
 * `url` (the Local API, e.g. http://127.0.0.1:8080/), `login` (the machine id) and `password`.
 */
export interface Credentials {
  url: URL;
  login: string;
  password: string;
}

/** The credentials file is small; a longer one is not what cscli writes. */
const MAX_CREDENTIALS_BYTES = 64 * 1024;

/**
 * The credentials in `text` (read from `path`), or the list of what is wrong with them: each
 * problem names the file, the field, what was expected and what was found.
 */
export const parseCredentials = (path: string, text: string): Credentials | { problems: string[] } => {
  let doc: unknown;
  try {
    doc = yamlParse()(text, { prettyErrors: false, maxAliasCount: 10, logLevel: 'error' });
  } catch (err) {
    return { problems: [`${path}: expected YAML, found a syntax error: ${(err as Error).message.split('\n')[0]}`] };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { problems: [`${path}: expected a mapping with url, login and password, found ${describe(doc)}`] };
  }
  const fields = doc as Record<string, unknown>;
  const problems: string[] = [];
  const text1 = (name: string): string | null => {
    const v = fields[name];
    if (typeof v === 'string' && v !== '') return v;
    problems.push(`${path}: field "${name}": expected a non-empty string, found ${describe(v)}`);
    return null;
  };
  const url = text1('url');
  const login = text1('login');
  const password = text1('password');
  let parsed: URL | null = null;
  if (url !== null) {
    parsed = URL.canParse(url) ? new URL(url) : null;
    if (parsed === null) problems.push(`${path}: field "url": expected an http:// or https:// URL, found "${url}"`);
    else if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      problems.push(`${path}: field "url": expected an http:// or https:// URL, found "${url}"`);
    else if (parsed.search !== '' || parsed.hash !== '')
      problems.push(`${path}: field "url": expected no query or fragment, found "${url}"`);
  }
  if (problems.length > 0 || parsed === null || login === null || password === null) return { problems };
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return { url: parsed, login, password };
};

const describe = (v: unknown): string =>
  v === undefined
    ? 'nothing'
    : v === null
      ? 'null'
      : Array.isArray(v)
        ? 'a list'
        : typeof v === 'object'
          ? 'a mapping'
          : typeof v === 'string'
            ? `"${v}"`
            : `${typeof v} ${JSON.stringify(v)}`;

/** The credentials file read and parsed; throws an Error naming the file and each problem. */
export const readCredentials = (path: string): Credentials => {
  const read = readBounded(path, { maxBytes: MAX_CREDENTIALS_BYTES, excess: 'refuse' });
  if (!read.ok) throw new Error(read.message);
  const parsed = parseCredentials(path, Buffer.from(read.content, 'latin1').toString('utf8'));
  if ('problems' in parsed) throw new Error(parsed.problems.join('; '));
  return parsed;
};
