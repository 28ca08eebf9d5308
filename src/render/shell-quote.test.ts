import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from './shell-quote.js';

describe('shellQuote', () => {
  it('leaves a word of safe characters as it is', () => {
    expect(shellQuote('/var/log/portsentry/alerts.log')).toBe('/var/log/portsentry/alerts.log');
    expect(shellQuote('a@b.c,d=e+f%g:h-i_j')).toBe('a@b.c,d=e+f%g:h-i_j');
  });

  it("single-quotes anything else and writes a quote as '\\''", () => {
    expect(shellQuote('PortSentry: scan from')).toBe("'PortSentry: scan from'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(touch x) `y` "z" \\ ; | & * ?')).toBe('\'$(touch x) `y` "z" \\ ; | & * ?\'');
  });

  it('writes the empty string as two quotes', () => {
    expect(shellQuote('')).toBe("''");
  });

  it('gives back every value unchanged when a shell reads it', () => {
    for (const value of ["it's", '$(id)', 'a\\b', '"', "''", 'tab\there', '*', '-n', '~root', 'x y  z']) {
      const r = spawnSync('sh', ['-c', `printf '%s' ${shellQuote(value)}`], { encoding: 'utf8' });
      expect(r.stdout).toBe(value);
    }
  });

  it('refuses a list or a missing value, naming where it was called', () => {
    expect(() => shellQuote(['a'], 't.hbs:3:5: shq')).toThrow(
      't.hbs:3:5: shq: expected a string to quote, found a list',
    );
    expect(() => shellQuote(undefined, 't.hbs:1:1: shq')).toThrow(
      't.hbs:1:1: shq: expected a string to quote, found no value',
    );
  });

  it('writes booleans and numbers as they print', () => {
    expect(shellQuote(true)).toBe('true');
    expect(shellQuote(5)).toBe('5');
  });
});
