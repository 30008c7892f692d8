/**
 * `npm run openapi`: write the OpenAPI document the server serves at /api/openapi.json to
 * docs/openapi.json. The committed copy is checked for drift by test/openapi.test.ts, so an API
 * change shows up in review.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openapiDocument } from '../test/openapi-doc.js';

const out = path.resolve(import.meta.dirname, '../docs/openapi.json');
fs.writeFileSync(out, `${JSON.stringify(await openapiDocument(), null, 2)}\n`);
console.log(`wrote ${out}`);
