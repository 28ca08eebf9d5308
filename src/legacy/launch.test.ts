import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const BUNDLES = resolve(import.meta.dirname, '../../dist/bundle');

/** the source files a bundle's source map names (paths relative to the map) that changed after it was built */
const newerSources = (bundle: string): string[] => {
  const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] };
  const built = statSync(bundle).mtimeMs;
  return map.sources.map((s) => join(dirname(bundle), s)).filter((s) => statSync(s).mtimeMs > built);
};

describe.skipIf(!existsSync(join(BUNDLES, 'legacy.cjs')))(
  `the bundles bin/portsentry loads${existsSync(join(BUNDLES, 'legacy.cjs')) ? '' : ' [SKIPPED: dist/bundle is not built]'}`,
  () => {
    for (const name of ['legacy', 'lint']) {
      it(`${name}.cjs is built from src/ as it is now (npm run build:ts rebuilds it; tsc alone does not)`, () => {
        const bundle = join(BUNDLES, `${name}.cjs`);
        const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] };
        expect(map.sources).toContain(`../../src/${name}/launch.ts`);
        expect(newerSources(bundle)).toEqual([]);
      });
    }
  },
);
