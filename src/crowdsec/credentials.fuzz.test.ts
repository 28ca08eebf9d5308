import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test-support/fuzz.js';
import { parseCredentials } from './credentials.js';

/** YAML-ish text: the three fields with values of every kind, and noise */
const field = fc.oneof(fc.constantFrom('url', 'login', 'password', 'other'), fc.string({ maxLength: 8 }));
const value = fc.oneof(
  fc.constantFrom(
    'http://127.0.0.1:8080',
    'https://[fd00::1]:8080/',
    '"x"',
    '[',
    '{a: 1}',
    '*a',
    '&a b',
    '!!binary x',
    '1e3',
    '',
  ),
  fc.string({ maxLength: 30 }),
);
const text = fc.oneof(
  fc.array(fc.tuple(field, value), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${k}: ${v}\n`).join('')),
  fc.string({ maxLength: 200 }),
);

describe('parseCredentials on any text', () => {
  it(
    'returns credentials with an http(s) URL ending in "/" or problems that each name the file, and never throws',
    () => {
      fc.assert(
        fc.property(text, (t) => {
          const r = parseCredentials('c.yaml', t);
          if ('problems' in r) {
            expect(r.problems.length).toBeGreaterThan(0);
            for (const p of r.problems) expect(p.startsWith('c.yaml: ')).toBe(true);
          } else {
            expect(['http:', 'https:']).toContain(r.url.protocol);
            expect(r.url.pathname.endsWith('/')).toBe(true);
            expect(typeof r.login === 'string' && r.login !== '' && typeof r.password === 'string').toBe(true);
          }
        }),
        fuzzParams<[string]>([['url: http://x\nlogin: a\npassword: b\nurl: http://y\n'], ['&a [*a]']]),
      );
    },
    fuzzTimeout(),
  );
});
