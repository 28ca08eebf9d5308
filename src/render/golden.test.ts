import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { expectGolden, expectGoldenSet } from '../../test-support/golden.js';
import { templateNames } from './catalog.js';
import { renderDefaults, TEMPLATES } from '../../test-support/template-harness.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const THIS = fileURLToPath(import.meta.url);

describe('golden files', () => {
  it('has one golden file per template and none for a template that is gone', () => {
    const goldens = readdirSync(GOLDEN).filter((f) => f.endsWith('.golden'));
    expectGoldenSet(
      GOLDEN,
      goldens,
      templateNames(TEMPLATES).map((name) => `${name}.golden`),
      THIS,
    );
  });

  for (const name of templateNames(TEMPLATES)) {
    it(`renders ${name} with its default values exactly as its golden file`, () => {
      expectGolden(join(GOLDEN, `${name}.golden`), renderDefaults(name), THIS);
    });
  }
});
