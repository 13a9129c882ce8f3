import { ManualClock } from '../../src/time/clock';
import { gql, type Stack, startStack } from '../support/stack';

describe('Apollo Federation subgraph', () => {
  const clock = new ManualClock();
  let stack: Stack;
  const tasks = Array.from({ length: 10 }, (_, i) => `fed-task-${i}`);

  beforeAll(async () => {
    stack = await startStack({
      providers: ['tencent-tcss'],
      clock,
      tasks: { 'tencent-tcss': tasks.map((t) => ({ id: t, accountId: 'acct-a', createdAt: clock.now(), durationMs: 60_000 })) },
    });
  });
  afterAll(() => stack.dispose());

  it('shows the @key directives and the federation link in _service.sdl', async () => {
    const res = await gql<{ _service: { sdl: string } }, never>(stack.app, '{ _service { sdl } }');
    const sdl = res.data!._service.sdl;
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])');
    expect(sdl).toMatch(/type ExportTask\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Provider\s+@key\(fields: "id"\)/);
  });

  it('resolves 20 ExportTask representations over 10 tasks with at most 10 upstream reads, in order', async () => {
    const emulator = stack.emulator('tencent-tcss');
    emulator.stats.reset();
    const ids = [...tasks, ...tasks].map((t, i) => (i % 3 === 0 ? tasks[(i * 7) % 10]! : t)).map((t) => `tencent-tcss:${t}`);
    const representations = ids.map((id) => ({ __typename: 'ExportTask', id }));
    const res = await gql<{ _entities: Array<{ id: string; status: string; provider: { name: string } }> }, { r: unknown }>(
      stack.app,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on ExportTask { id status provider { name } } } }',
      { r: representations },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((e) => e.id)).toEqual(ids);
    expect(res.data!._entities[0]!.provider.name).toMatch(/Tencent/);
    expect(emulator.stats.total()).toBeLessThanOrEqual(new Set(ids).size);
    expect(emulator.stats.total()).toBe(new Set(ids).size);
  });

  it('resolves Provider representations without upstream calls', async () => {
    const res = await gql<{ _entities: Array<{ id: string; vendor: string } | null> }, { r: unknown }>(
      stack.app,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Provider { id vendor } } }',
      {
        r: [
          { __typename: 'Provider', id: 'huawei-workspace' },
          { __typename: 'Provider', id: 'nope' },
        ],
      },
    );
    expect(res.data!._entities).toEqual([{ id: 'huawei-workspace', vendor: 'Huawei Cloud' }, null]);
  });
});
