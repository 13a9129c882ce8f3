import type { Page } from 'playwright-core';

/** One row of the progress board as a person sees it. */
export interface BoardRow {
  readonly id: string;
  readonly status: string;
  readonly final: boolean;
  /** The progress bar's `aria-valuenow`; null when it has none. */
  readonly progress: number | null;
  /** The progress bar's `aria-valuetext`. */
  readonly valueText: string | null;
  /** The animation the bar's fill runs (`none` when still). */
  readonly animation: string;
  readonly label: string;
  readonly outcome: string;
  readonly link: string | null;
}

// Run in the page (a string, as the tests are compiled without the DOM's types).
const READ_ROWS = `[...document.querySelectorAll('table.tasks tbody tr')].map((r) => {
  const bar = r.querySelector('[role="progressbar"]');
  const now = bar?.getAttribute('aria-valuenow');
  return {
    id: r.getAttribute('data-task-id'),
    status: r.getAttribute('data-status'),
    final: r.getAttribute('data-final') === 'true',
    progress: now == null ? null : Number(now),
    valueText: bar?.getAttribute('aria-valuetext') ?? null,
    animation: bar?.firstElementChild ? getComputedStyle(bar.firstElementChild).animationName : 'none',
    label: bar?.getAttribute('aria-label') ?? '',
    outcome: r.querySelector('.outcome')?.textContent ?? '',
    link: r.querySelector('a.download')?.getAttribute('href') ?? null,
  };
})`;

/** The rows of the board's table, read in one go. */
export function boardRows(page: Page): Promise<BoardRow[]> {
  return page.evaluate<BoardRow[]>(READ_ROWS);
}

/** The transport the board's status line names (`data-transport`: `websocket` or `http`), or null. */
export function connectionTransport(page: Page): Promise<string | null> {
  return page
    .locator('p.connection')
    .getAttribute('data-transport', { timeout: 1000 })
    .catch(() => null);
}

/** The connection state the board shows (`data-state` of its status line), or null. */
export function connectionState(page: Page): Promise<string | null> {
  return page
    .locator('p.connection')
    .getAttribute('data-state', { timeout: 1000 })
    .catch(() => null);
}
