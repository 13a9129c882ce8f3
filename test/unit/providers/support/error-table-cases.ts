import type { ErrorTable } from '../../../../src/providers/common/error-table';
import type { Classification } from '../../../../src/providers/common/error-table';

/** One check of a provider's table: a code as it comes, and the row it must be classified by. */
export interface TableCase {
  /** The code as the provider sends it, e.g. `InvalidParameterValue.DataNotFound` or `APIG.0101`. */
  readonly code: string;
  /** The row's key in the table (the code, a family, or a gateway number). */
  readonly row: string;
  readonly expected: Classification;
}

/**
 * Every row of `table` as cases: each code row as itself, and each family row both as itself and as an
 * undocumented sub-code of it (`<family>.SomethingNew`), which the family must hold. `spell` turns a row's
 * key into the code as it comes on the wire (Huawei's gateway numbers).
 */
export function tableCases<R>(
  table: ErrorTable<R>,
  toClassification: (row: R) => Classification | undefined,
  spell: (key: string) => string = (key) => key,
): TableCase[] {
  return table.rows().flatMap(([key, scope, row]) => {
    const expected = toClassification(row);
    if (expected === undefined) return [];
    const own: TableCase = { code: spell(key), row: key, expected };
    return scope === 'family' ? [own, { code: `${spell(key)}.SomethingNew`, row: key, expected }] : [own];
  });
}
