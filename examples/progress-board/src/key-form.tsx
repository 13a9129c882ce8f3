import { type FormEvent, useState } from 'react';

/** The API key form: a labelled password field; the key is handed to `onKey` and the field cleared. */
export function KeyForm({ hasKey, onKey }: { hasKey: boolean; onKey: (key: string | undefined) => void }) {
  const [draft, setDraft] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const key = draft.trim();
    if (key) onKey(key);
    setDraft('');
  };
  return (
    <form className="key-form" onSubmit={submit} aria-label="Key for this service">
      <label>
        API key{' '}
        <input
          type="password"
          autoComplete="off"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={hasKey ? 'a key is set for this tab' : 'your tenant’s key'}
        />
      </label>{' '}
      <button type="submit">Use key</button>{' '}
      {hasKey ? (
        <button type="button" onClick={() => onKey(undefined)}>
          Forget key
        </button>
      ) : null}
    </form>
  );
}
