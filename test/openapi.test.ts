import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openapiDocument } from './openapi-doc.js';

it('the committed docs/openapi.json matches the API (run `npm run openapi` after changing routes)', async () => {
  const committed = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../docs/openapi.json'), 'utf8'));
  expect(await openapiDocument()).toEqual(committed);
}, 30_000);
