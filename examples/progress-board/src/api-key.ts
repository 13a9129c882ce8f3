const STORAGE_KEY = 'progress-board.api-key';

/**
 * The API key, entered once per browser tab and kept in `sessionStorage` (gone when the tab closes;
 * never in `localStorage`, never in the URL). Storage may be unavailable (privacy modes): the key then
 * lives as long as the page.
 */
export const apiKeyStore = {
  /** The stored key, or undefined. */
  read(): string | undefined {
    try {
      return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  },
  /** Stores `key`, or forgets it when undefined. */
  write(key: string | undefined): void {
    try {
      if (key === undefined) sessionStorage.removeItem(STORAGE_KEY);
      else sessionStorage.setItem(STORAGE_KEY, key);
    } catch {
      // storage unavailable: the key stays in memory only
    }
  },
};
