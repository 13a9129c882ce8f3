import type { Logger } from '../logging/logger';
import type { TenantRuntime } from '../tenancy/tenant-runtime';
import { EventStream } from './event-stream';
import type { LiveUpdates, TaskUpdateEvent, WatchedTask } from './live-updates';
import type { PubSub } from './pubsub';
import { deserializeError, taskTopic, type TaskEvent } from './task-event';
import { TaskPoller, type PollerDeps } from './task-poller';

type Listener = (event: TaskEvent) => void;

/** One watched (tenant, task) in this process: its local listeners, its topic subscription, its poller. */
interface Channel {
  readonly topic: string;
  readonly listeners: Set<Listener>;
  readonly unsubscribe: () => void;
  readonly poller: TaskPoller;
}

/** A stream event with the key the stream coalesces by. */
type KeyedUpdate = TaskUpdateEvent & { readonly key: string };

/**
 * Live updates within one process. One channel per (tenant, task) however many subscriptions watch
 * it: its poller is started by the first subscriber and stopped as soon as the last leaves; events
 * are published once on the task's topic (serialized once) and fanned out to every local listener.
 */
export class InMemoryLiveUpdates implements LiveUpdates {
  private readonly channels = new Map<string, Channel>();
  private readonly streams = new Set<EventStream<KeyedUpdate>>();

  constructor(
    private readonly pubsub: PubSub,
    private readonly deps: PollerDeps & { readonly logger: Logger },
  ) {}

  /** Pollers running now (for tests and metrics). */
  get activePollers(): number {
    let n = 0;
    for (const c of this.channels.values()) if (!c.poller.isStopped) n++;
    return n;
  }

  /** Subscription streams open now. */
  get activeStreams(): number {
    return this.streams.size;
  }

  watch(tenant: TenantRuntime, tasks: readonly WatchedTask[]): AsyncIterableIterator<TaskUpdateEvent> {
    const detach = new Map<string, () => void>();
    const closeAll = () => {
      for (const d of detach.values()) d();
      detach.clear();
      this.streams.delete(stream);
    };
    const stream = new EventStream<KeyedUpdate>(closeAll);
    this.streams.add(stream);
    for (const task of tasks) {
      const listener: Listener = (event) => {
        if (!detach.has(task.id)) return;
        stream.push({
          key: task.id,
          id: task.id,
          state: event.state,
          error: event.error ? deserializeError(event.error) : null,
          final: event.final,
        });
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

  /** Adds a listener to the task's channel (creating it and its poller if needed) and sends it the snapshot. */
  private attach(tenant: TenantRuntime, task: WatchedTask, listener: Listener): () => void {
    const topic = taskTopic(tenant.id, task.provider, task.providerTaskId);
    let channel = this.channels.get(topic);
    if (!channel) {
      const listeners = new Set<Listener>();
      const unsubscribe = this.pubsub.subscribe(topic, (message) => {
        const event = JSON.parse(message) as TaskEvent;
        for (const l of [...listeners]) l(event);
      });
      const poller = new TaskPoller(tenant, task, this.deps, (event) => this.pubsub.publish(topic, JSON.stringify(event)));
      channel = { topic, listeners, unsubscribe, poller };
      this.channels.set(topic, channel);
      poller.start();
    } else if (channel.poller.last) {
      // A late joiner gets the current state at once rather than waiting for the next change.
      queueMicrotask(() => channel!.listeners.has(listener) && listener(channel!.poller.last!));
    }
    channel.listeners.add(listener);
    const ch = channel;
    return () => {
      ch.listeners.delete(listener);
      if (ch.listeners.size === 0 && this.channels.get(topic) === ch) {
        ch.poller.stop();
        ch.unsubscribe();
        this.channels.delete(topic);
      }
    };
  }

  async dispose(): Promise<void> {
    for (const s of [...this.streams]) s.end();
    for (const c of this.channels.values()) {
      c.poller.stop();
      c.unsubscribe();
    }
    this.channels.clear();
    await this.pubsub.dispose();
  }
}
