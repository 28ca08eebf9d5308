import { describe, expect, it } from 'vitest';
import { parseCredentials } from './credentials.js';

describe('parseCredentials', () => {
  it('reads the file cscli writes, adding the slash the URL lacks', () => {
    const c = parseCredentials('c.yaml', 'url: http://127.0.0.1:8080\nlogin: host-a\npassword: secret\n');
    expect('problems' in c ? c : { url: c.url.href, login: c.login, password: c.password }).toEqual({
      url: 'http://127.0.0.1:8080/',
      login: 'host-a',
      password: 'secret',
    });
  });
  it('names every missing or empty field', () => {
    expect(parseCredentials('c.yaml', 'url: http://x/\nlogin: ""\n')).toEqual({
      problems: [
        'c.yaml: field "login": expected a non-empty string, found ""',
        'c.yaml: field "password": expected a non-empty string, found nothing',
      ],
    });
  });
  it('refuses a URL that is not http or https', () => {
    expect(parseCredentials('c.yaml', 'url: ftp://x/\nlogin: a\npassword: b\n')).toEqual({
      problems: ['c.yaml: field "url": expected an http:// or https:// URL, found "ftp://x/"'],
    });
    expect(parseCredentials('c.yaml', 'url: not a url\nlogin: a\npassword: b\n')).toEqual({
      problems: ['c.yaml: field "url": expected an http:// or https:// URL, found "not a url"'],
    });
  });
  it('says what it found when the file is not a mapping', () => {
    expect(parseCredentials('c.yaml', '- a\n- b\n')).toEqual({
      problems: ['c.yaml: expected a mapping with url, login and password, found a list'],
    });
    expect(parseCredentials('c.yaml', 'url: [\n')).toMatchObject({
      problems: [expect.stringMatching(/^c\.yaml: expected YAML, found a syntax error: /)],
    });
  });
  it('takes a number where a password is expected as a problem, not as text', () => {
    expect(parseCredentials('c.yaml', 'url: http://x/\nlogin: a\npassword: 1234\n')).toEqual({
      problems: ['c.yaml: field "password": expected a non-empty string, found number 1234'],
    });
  });
});
