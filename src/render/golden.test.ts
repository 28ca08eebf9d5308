import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateNames } from './catalog.js';
import { renderDefaults, TEMPLATES } from '../../test-support/template-harness.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const REGENERATE = 'regenerate with: npx tsc -p tsconfig.json && ./bin/portsentry render NAME --no-config > src/render/golden/NAME.golden';

describe('golden files', () => {
  it('has one golden file per template and none for a template that is gone', () => {
    const goldens = readdirSync(GOLDEN)
      .filter((f) => f.endsWith('.golden'))
      .map((f) => f.slice(0, -'.golden'.length))
      .sort();
    expect(goldens, REGENERATE).toEqual(templateNames(TEMPLATES));
  });

  for (const name of templateNames(TEMPLATES)) {
    it(`renders ${name} with its default values exactly as its golden file`, () => {
      expect(renderDefaults(name), `${name}: ${REGENERATE}`).toBe(readFileSync(join(GOLDEN, `${name}.golden`), 'utf8'));
    });
  }
});
