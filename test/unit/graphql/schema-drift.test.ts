import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildServiceSchema } from '../../../src/graphql/build-schema';
import { printServiceSchema } from '../../../src/graphql/print-schema';

describe('schema/schema.graphql', () => {
  it('is exactly what the running schema prints (run `npm run schema` after changing src/graphql)', async () => {
    const committed = readFileSync(join(__dirname, '../../../schema/schema.graphql'), 'utf8');
    expect(committed).toBe(await printServiceSchema());
  });

  it('describes every type and field', async () => {
    const schema = await buildServiceSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('_') || type.name.startsWith('link__') || type.name.startsWith('federation__')) continue;
      if (['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name) || type.name.startsWith('__')) continue;
      if (!type.description) missing.push(type.name);
      if ('getFields' in type) {
        for (const f of Object.values(type.getFields())) {
          if (f.name.startsWith('_')) continue;
          if (!f.description) missing.push(`${type.name}.${f.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
