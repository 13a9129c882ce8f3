import type { TenantRuntime } from '../tenancy/tenant-runtime';
import type { Coordinator } from './coordinator';
import { EventStream } from './event-stream';
import type { LiveUpdates, TaskUpdateEvent, WatchedTask } from './live-updates';
import { TaskChannel, type ChannelDeps, type Listener } from './task-channel';
import { deserializeError, taskTopic, type TaskEvent } from './task-event';

/** A stream event with the key the stream coalesces by. */
type KeyedUpdate = TaskUpdateEvent & { readonly key: string };

/**
 * Live updates for subscriptions. One channel per (tenant, task) in this process however many
 * subscriptions watch it (and, through the coordinator, one poller per task across replicas); a
 * channel opens with its first subscriber and closes as soon as its last one leaves.
 */
export class LiveUpdatesEngine implements LiveUpdates {
  private readonly channels = new Map<string, TaskChannel>();
  private readonly streams = new Set<EventStream<KeyedUpdate>>();
  /**
   * The update of each channel event, per watched id: every subscriber of a task gets the same object
   * per change, so that the WebSocket layer executes and serializes it once (shared-subscription-events.ts).
   */
  private readonly updates = new WeakMap<TaskEvent, Map<string, KeyedUpdate>>();

  constructor(private readonly deps: ChannelDeps) {}

  /** The coordinator (mode, details for readiness). */
  get coordinator(): Coordinator {
    return this.deps.coordinator;
  }

  get activePollers(): number {
    let n = 0;
    for (const c of this.channels.values()) if (c.polling) n++;
    return n;
  }

  get activeStreams(): number {
    return this.streams.size;
  }

  watch(tenant: TenantRuntime, tasks: readonly WatchedTask[]): AsyncIterableIterator<TaskUpdateEvent> {
    const detach = new Map<string, () => void>();
    const stream: EventStream<KeyedUpdate> = new EventStream<KeyedUpdate>(() => {
      for (const d of detach.values()) d();
      detach.clear();
      this.streams.delete(stream);
    });
    this.streams.add(stream);
    for (const task of tasks) {
      const listener: Listener = (event) => {
        if (!detach.has(task.id)) return;
        stream.push(this.updateOf(event, task.id));
        if (event.final) {
          detach.get(task.id)!();
          detach.delete(task.id);
          if (detach.size === 0) stream.end();
        }
      };
      detach.set(task.id, this.attach(tenant, task, listener));
    }
    return stream;
  }

  private updateOf(event: TaskEvent, id: string): KeyedUpdate {
    let byId = this.updates.get(event);
    if (!byId) this.updates.set(event, (byId = new Map()));
    let update = byId.get(id);
    if (!update) {
      update = { key: id, id, state: event.state, error: event.error ? deserializeError(event.error) : null, final: event.final };
      byId.set(id, update);
    }
    return update;
  }

  private attach(tenant: TenantRuntime, task: WatchedTask, listener: Listener): () => void {
    const topic = taskTopic(tenant.id, task.provider, task.providerTaskId);
    let channel = this.channels.get(topic);
    if (channel) {
      channel.snapshotTo(listener);
      channel.listeners.add(listener);
    } else {
      channel = new TaskChannel(topic, tenant, task, this.deps);
      this.channels.set(topic, channel);
      channel.listeners.add(listener);
      channel.open();
    }
    const ch = channel;
    return () => {
      ch.listeners.delete(listener);
      if (ch.listeners.size === 0 && this.channels.get(topic) === ch) {
        ch.close();
        this.channels.delete(topic);
      }
    };
  }

  async dispose(): Promise<void> {
    for (const s of [...this.streams]) s.end();
    for (const c of this.channels.values()) c.close();
    this.channels.clear();
    await this.deps.coordinator.dispose();
  }
}
