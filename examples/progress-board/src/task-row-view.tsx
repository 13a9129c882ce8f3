import { formatRemaining } from './remaining-time';
import type { TaskRow } from './task-rows';

/** What a screen reader hears of a running task's bar when its provider gives no percentage. */
export const INDETERMINATE_TEXT = 'running, no percentage reported';

/** One task: provider, file, status, a labelled progress bar, the countdown, and the error or final state. */
export function TaskRowView({ row, now }: { row: TaskRow; now: number }) {
  const { task, error } = row;
  const name = task?.fileName ?? task?.providerTaskId ?? row.id;
  const progress = task?.progress ?? null;
  const status = task ? task.status : error ? 'UNREAD' : 'WAITING';
  const indeterminate = progress === null && status === 'RUNNING' && !row.final;
  return (
    <tr data-task-id={row.id} data-status={status} data-final={row.final}>
      <td>{task?.provider.name ?? row.id.split(':')[0]}</td>
      <th scope="row" title={row.id}>
        {name}
      </th>
      <td>
        <span className={`status status-${status.toLowerCase()}`}>{statusText(status)}</span>
      </td>
      <td>
        {/* Running without a percentage (Huawei reports none): an indeterminate bar, no aria-valuenow. */}
        <div
          className={indeterminate ? 'bar bar-indeterminate' : 'bar'}
          role="progressbar"
          aria-label={`Progress of ${name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress ?? undefined}
          aria-valuetext={progress !== null ? `${progress.toFixed(0)} %` : indeterminate ? INDETERMINATE_TEXT : 'unknown'}
        >
          <div className="bar-fill" style={indeterminate ? undefined : { width: `${progress ?? 0}%` }} />
        </div>
      </td>
      <td className="number">{progress === null ? '–' : `${progress.toFixed(0)} %`}</td>
      <td className="countdown">
        {task && !task.terminal && task.estimatedCompletionAt ? formatRemaining(Date.parse(task.estimatedCompletionAt) - now) : ''}
      </td>
      <td className="outcome">
        {error ? (
          <span className="error" role="alert">
            <code>{error.code}</code> {error.message}
          </span>
        ) : null}
        {task?.status === 'SUCCEEDED' ? (
          isWebUrl(task.downloadUrl) ? (
            <a className="download" href={task.downloadUrl} download={task.fileName ?? ''} rel="noreferrer">
              Download {task.fileName ?? 'the file'}
            </a>
          ) : (
            <span>Done{task.downloaded ? ' (downloaded)' : ''}</span>
          )
        ) : null}
        {task?.status === 'FAILED' ? (
          <span className="failure">
            Failed: {task.failureReason ?? task.message ?? 'no reason given'}
            {task.errorCode ? ` (${task.errorCode})` : ''}
          </span>
        ) : null}
        {task?.status === 'EXPIRED' ? <span className="failure">Expired: the file is no longer available</span> : null}
      </td>
    </tr>
  );
}

// A provider's URL becomes a link only when it is http(s): never `javascript:` or `data:`.
function isWebUrl(url: string | null): url is string {
  return url !== null && /^https?:\/\//i.test(url);
}

function statusText(status: string): string {
  if (status === 'WAITING') return 'Waiting…';
  if (status === 'UNREAD') return 'Not read';
  return status.charAt(0) + status.slice(1).toLowerCase();
}
