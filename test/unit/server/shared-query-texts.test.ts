import { SharedQueryTexts } from '../../../src/server/shared-query-texts';

const subscribe = (query: unknown) => ({ id: '1', type: 'subscribe', payload: { query } });

describe('SharedQueryTexts', () => {
  it('keeps the query text of a subscribe message and leaves the message as it was', () => {
    const texts = new SharedQueryTexts();
    const first = subscribe('subscription { a }');
    expect(texts.share(first)).toBe(first);
    expect(first.payload.query).toBe('subscription { a }');
    const second = subscribe('subscription { a }');
    expect(texts.share(second).payload.query).toBe('subscription { a }');
    expect(texts.size).toBe(1);
    texts.share(subscribe('subscription { b }'));
    expect(texts.size).toBe(2);
  });

  it('leaves every other message alone: other types, no payload, a query that is not a string', () => {
    const texts = new SharedQueryTexts();
    const messages = [
      { type: 'connection_init', payload: { query: 'x' } },
      { type: 'complete', id: '1' },
      { type: 'subscribe', id: '1' },
      { type: 'subscribe', id: '1', payload: null },
      subscribe(42),
    ];
    for (const message of messages) expect(texts.share(message)).toEqual(JSON.parse(JSON.stringify(message)));
    expect(texts.size).toBe(0);
  });

  it('keeps at most maxChars of texts, dropping the least recently used', () => {
    const texts = new SharedQueryTexts(25);
    texts.share(subscribe('q'.repeat(10)));
    texts.share(subscribe('r'.repeat(10)));
    texts.share(subscribe('q'.repeat(10))); // used again: r is now the oldest
    texts.share(subscribe('s'.repeat(10)));
    expect(texts.size).toBe(2);
    texts.share(subscribe('x'.repeat(30))); // larger than the bound: never kept
    expect(texts.size).toBe(2);
  });
});
