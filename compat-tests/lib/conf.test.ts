import { describe, expect, it } from 'vitest';
import { withKeys } from './conf.js';

describe('withKeys (run.js --with-key)', () => {
  it('appends each line to the config, as a line of its own', () => {
    expect(withKeys({ config: 'TCP_PORTS="1"\n' }, ['ENABLE_IPV6="1"'])).toEqual({
      config: 'TCP_PORTS="1"\nENABLE_IPV6="1"\n',
    });
    expect(withKeys({ config: 'TCP_PORTS="1"' }, ['ENABLE_IPV6="1"', 'KILL_ROUTE6="x"'])).toEqual({
      config: 'TCP_PORTS="1"\nENABLE_IPV6="1"\nKILL_ROUTE6="x"\n',
    });
    expect(withKeys({ config: '' }, ['ENABLE_IPV6="1"'])).toEqual({ config: 'ENABLE_IPV6="1"\n' });
  });
  it("appends to ours' own config too, and leaves a scenario without a config file without one", () => {
    expect(withKeys({ config: 'A="1"\n', oursConfig: 'B="2"\n' }, ['ENABLE_IPV6="1"'])).toEqual({
      config: 'A="1"\nENABLE_IPV6="1"\n',
      oursConfig: 'B="2"\nENABLE_IPV6="1"\n',
    });
    expect(withKeys({ config: null }, ['ENABLE_IPV6="1"'])).toEqual({ config: null });
  });
  it('changes nothing without lines', () => {
    const s = { config: 'A="1"' };
    expect(withKeys(s, [])).toBe(s);
  });
});
