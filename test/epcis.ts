import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * A validator for GS1 EPCIS 2.0 documents: ajv@8 + ajv-formats (strict off), as the GS1 README
 * says, over the schema committed in test/fixtures/epcis (a copy of shared/reference/epcis), so
 * tests never read files outside the repository.
 */
export const EPCIS_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/epcis');

export function epcisValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(EPCIS_FIXTURES, 'EPCIS-JSON-Schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv) => Ajv)(ajv);
  return ajv.compile(schema);
}
