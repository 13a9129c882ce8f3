import { useSyncExternalStore } from 'react';

import type { EventLog, TaskProgress } from './event-log';

/** The pane's title: also its sidebar button's label ("Show Task progress"). */
export const PROGRESS_PANE_TITLE = 'Task progress';

/**
 * A GraphiQL plugin (`plugins` prop) drawing the current subscription as one progress bar per task id
 * with its last status, and keeping every raw event, so that `ExportTaskUpdates` over several tasks
 * reads at a glance while the response pane flips between them.
 */
export function progressPane(log: EventLog) {
  return { title: PROGRESS_PANE_TITLE, icon: ProgressIcon, content: () => <ProgressPane log={log} /> };
}

function ProgressPane({ log }: { log: EventLog }) {
  const s = useSyncExternalStore(log.subscribe, log.getSnapshot);
  const ids = s.tasks.map((t) => t.id);
  return (
    <div className="progress-pane">
      <div className="graphiql-doc-explorer-title">Task progress</div>
      {s.operationName === null && s.received === 0 ? (
        <p>Run a subscription (the ExportTaskUpdates tab): each task it reports gets a bar here, with every event kept.</p>
      ) : (
        <p className="progress-pane-summary" role="status">
          {s.operationName ?? 'Subscription'}: {s.tasks.length} task{s.tasks.length === 1 ? '' : 's'}, {s.received} event
          {s.received === 1 ? '' : 's'}, {s.running ? 'running' : 'ended'}
        </p>
      )}
      <ul className="progress-pane-tasks">
        {s.tasks.map((t) => (
          <TaskBar key={t.id} task={t} />
        ))}
      </ul>
      {ids.length > 0 ? (
        <p>
          <a href={`board?ids=${encodeURIComponent(ids.join(','))}`} target="_blank" rel="noreferrer">
            Open these tasks on the progress board
          </a>
        </p>
      ) : null}
      {s.events.length > 0 ? (
        <details className="progress-pane-raw">
          <summary>
            Raw events ({s.events.length}
            {s.received > s.events.length ? ` of ${s.received}, the oldest dropped` : ''})
          </summary>
          <pre>{s.events.map((e) => JSON.stringify(e)).join('\n')}</pre>
        </details>
      ) : null}
    </div>
  );
}

function TaskBar({ task }: { task: TaskProgress }) {
  const percent = task.progress === null ? '–' : `${task.progress.toFixed(0)} %`;
  // Running without a percentage (Huawei reports none): an indeterminate bar, without aria-valuenow.
  const indeterminate = task.progress === null && task.status === 'RUNNING' && !task.final;
  return (
    <li className="progress-pane-task" data-task-id={task.id} data-status={task.status ?? ''} data-final={task.final}>
      <div className="progress-pane-id">{task.id}</div>
      <div
        className={indeterminate ? 'progress-pane-bar progress-pane-bar-indeterminate' : 'progress-pane-bar'}
        role="progressbar"
        aria-label={`Progress of ${task.id}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={task.progress ?? undefined}
        aria-valuetext={task.progress !== null ? percent : indeterminate ? 'running, no percentage reported' : 'unknown'}
      >
        <div style={indeterminate ? undefined : { width: `${task.progress ?? 0}%` }} />
      </div>
      <div className="progress-pane-state">
        {task.status ?? 'no state read'} · {percent}
        {task.final ? ' · final' : ''} · {task.events} event{task.events === 1 ? '' : 's'}
      </div>
      {task.error ? <div className="progress-pane-error">{task.error}</div> : null}
    </li>
  );
}

function ProgressIcon(props: Record<string, unknown>) {
  return (
    <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth="1.5" {...props}>
      <rect x="3" y="5" width="18" height="3" rx="1.5" />
      <rect x="3" y="10.5" width="18" height="3" rx="1.5" />
      <rect x="3" y="16" width="18" height="3" rx="1.5" />
      <path d="M4.5 6.5h9M4.5 12h13M4.5 17.5h5" strokeWidth="2" />
    </svg>
  );
}
