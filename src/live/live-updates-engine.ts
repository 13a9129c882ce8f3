import type { TaskRef } from '../domain/task-ref';
import { EventStream } from './event-stream';
import type { LiveUpdates, TaskSource } from './live-updates';
import { TaskChannel, type ChannelDeps, type Listener } from './task-channel';
import { taskTopic, type TaskEvent } from './task-event';

/**
 * Live updates for subscriptions. One channel per (tenant, task) in this process however many
 * subscriptions watch it (and, through the coordinator, one poller per task across replicas); a
 * channel opens with its first subscriber and closes as soon as its last one leaves. Every subscriber
 * of a task gets the same event object per change, so that the transport executes and serializes it
 * once (server/shared-subscription-events.ts).
 */
export class LiveUpdatesEngine implements LiveUpdates {
  private readonly channels = new Map<string, TaskChannel>();
  private readonly streams = new Set<EventStream<TaskEvent>>();

  constructor(private readonly deps: ChannelDeps) {}

  get activePollers(): number {
    let n = 0;
    for (const c of this.channels.values()) if (c.polling) n++;
    return n;
  }

  get activeStreams(): number {
    return this.streams.size;
  }

  watch(source: TaskSource, tasks: readonly TaskRef[]): AsyncIterableIterator<TaskEvent> {
    const detach = new Map<string, () => void>();
    const stream: EventStream<TaskEvent> = new EventStream<TaskEvent>(
      (e) => e.task.id,
      () => {
        for (const d of detach.values()) d();
        detach.clear();
        this.streams.delete(stream);
      },
    );
    this.streams.add(stream);
    for (const task of tasks) {
      const listener: Listener = (event) => {
        const off = detach.get(task.id);
        if (!off) return;
        stream.push(event);
        if (event.final) {
          off();
          detach.delete(task.id);
          if (detach.size === 0) stream.end();
        }
      };
      detach.set(task.id, this.attach(source, task, listener));
    }
    return stream;
  }

  private attach(source: TaskSource, task: TaskRef, listener: Listener): () => void {
    const topic = taskTopic(source.tenantId, task);
    let channel = this.channels.get(topic);
    const opened = !channel;
    if (!channel) this.channels.set(topic, (channel = new TaskChannel(topic, task, source, this.deps)));
    channel.add(listener);
    if (opened) channel.open();
    const ch = channel;
    return () => {
      if (ch.remove(listener) && this.channels.get(topic) === ch) {
        ch.close();
        this.channels.delete(topic);
      }
    };
  }

  /** Ends every stream and closes every channel (the coordinator belongs to whoever created it). */
  dispose(): void {
    for (const s of [...this.streams]) s.end();
    for (const c of this.channels.values()) c.close();
    this.channels.clear();
  }
}
