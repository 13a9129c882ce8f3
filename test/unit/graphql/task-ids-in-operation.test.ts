import { parse } from 'graphql';

import { taskIdsInOperation } from '../../../src/graphql/task-ids-in-operation';

const count = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  taskIdsInOperation(parse(query), operationName, variables);

describe('taskIdsInOperation: the task ids an operation names, before it runs', () => {
  it('counts literal and variable ids of every field that reads tasks', () => {
    expect(count('{ exportTask(id: "tencent-tcss:a") { id } }')).toBe(1);
    expect(count('{ exportTasks(ids: ["tencent-tcss:a", "tencent-tcss:a", "alibaba-sas:1"]) { id } }')).toBe(3);
    expect(count('query ($ids: [ID!]!) { exportTasks(ids: $ids) { id } }', { ids: ['a', 'b', 'c', 'd'] })).toBe(4);
    expect(count('subscription ($ids: [ID!]!) { exportTaskUpdates(ids: $ids) { id } }', { ids: ['a', 'b'] })).toBe(2);
    expect(count('query ($id: ID!) { exportTasks(ids: [$id, "x"]) { id } }', { id: 'a' })).toBe(2);
    expect(count('{ exportTasks(ids: "tencent-tcss:a") { id } }')).toBe(1); // a single value is a list of one
  });

  it('counts every alias, and a fragment wherever it is spread', () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: exportTasks(ids: $ids) { id }`).join(' ');
    expect(count(`query ($ids: [ID!]!) { ${aliases} }`, { ids: Array.from({ length: 100 }, (_, i) => `t${i}`) })).toBe(3000);
    const fragments = `
      query { ...A ...A q { ...B } }
      fragment A on Query { exportTask(id: "x") { id } ...B }
      fragment B on Query { exportTasks(ids: ["y", "z"]) { id } }`;
    expect(count(fragments)).toBe(2 * (1 + 2) + 2);
  });

  it('counts the ExportTask representations of _entities, not the other types', () => {
    const representations = [
      ...Array.from({ length: 2000 }, (_, i) => ({ __typename: 'ExportTask', id: `tencent-tcss:t${i}` })),
      { __typename: 'Provider', id: 'tencent-tcss' },
      null,
      17,
    ];
    const q = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on ExportTask { id } } }';
    expect(count(q, { r: representations })).toBe(2000);
    expect(
      count('{ _entities(representations: [{ __typename: "ExportTask", id: "a" }, { __typename: "Provider", id: "b" }]) { __typename } }'),
    ).toBe(1);
  });

  it('ignores fields that name no task ids, and counts only the operation that runs', () => {
    expect(count('{ providers { id exportTasks(first: 100) { totalCount } } }')).toBe(0);
    const two = 'query A { exportTask(id: "x") { id } } query B { exportTasks(ids: ["x", "y"]) { id } }';
    expect(count(two, undefined, 'A')).toBe(1);
    expect(count(two, undefined, 'B')).toBe(2);
    expect(count(two, undefined, 'C')).toBe(0);
    expect(count('query ($ids: [ID!]) { exportTasks(ids: $ids) { id } }', {})).toBe(0);
  });
});
