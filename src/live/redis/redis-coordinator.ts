import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { TaskRef } from '../../domain/task-ref';
import type { Logger } from '../../logging/logger';
import { RedisBudget, defineReserveSlot } from '../../quota/redis-budget';
import type { RequestBudget } from '../../quota/request-budget';
import type { Clock } from '../../time/clock';
import type { CoordinationMode, Coordinator } from '../coordinator';
import type { TaskEvent } from '../task-event';
import { decodeEvent, encodeEvent } from './event-codec';
import { RedisPubSub } from './redis-pubsub';
import { RELEASE_LEASE, RENEW_LEASE } from './redis-scripts';

/** Options of the Redis coordinator. */
export interface RedisCoordinatorOptions {
  readonly url: string;
  /** How long a poller's lease lasts without renewal, ms. */
  readonly leaseMs: number;
  /** Prefix of every key and channel this service uses. */
  readonly keyPrefix: string;
  /** How long the latest event of a task is kept for late joiners, ms. */
  readonly latestTtlMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** How often a replica says it is alive, ms; one missing for three beats is counted gone. */
const HEARTBEAT_MS = 2000;

/**
 * Coordination of replicas through one Redis (ioredis): pub/sub for events, `SET NX PX` leases
 * renewed by script for one poller per task, the latest event per task for late joiners, shared
 * request budgets, and a heartbeat set that tells each replica how many are alive (its fallback
 * share of a budget). Events are serialized here and only here (`event-codec.ts`): a replica's own
 * events come back from Redis and are dropped, as its channels delivered them already. Commands fail
 * fast while Redis is away (no offline queue): the mode turns `degraded` and each replica polls for
 * its own subscribers until both connections are ready again.
 */
export class RedisCoordinator implements Coordinator {
  private readonly pubsub: RedisPubSub;
  private readonly id = randomUUID();
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private current: CoordinationMode = 'degraded';
  private readonly listeners = new Set<(mode: CoordinationMode) => void>();
  private replicaCount = 1;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly options: RedisCoordinatorOptions) {
    const connection = {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
      retryStrategy: (times: number) => Math.min(100 * times, 1000),
      lazyConnect: false,
    };
    this.commands = new Redis(options.url, connection);
    this.subscriber = new Redis(options.url, { ...connection, autoResubscribe: false });
    defineReserveSlot(this.commands);
    this.commands.defineCommand('renewLease', { numberOfKeys: 1, lua: RENEW_LEASE });
    this.commands.defineCommand('releaseLease', { numberOfKeys: 1, lua: RELEASE_LEASE });
    this.pubsub = new RedisPubSub(this.commands, this.subscriber, options.keyPrefix);
    for (const conn of [this.commands, this.subscriber]) {
      conn.on('error', () => undefined); // surfaced through the mode; ioredis reconnects by itself
      for (const event of ['ready', 'close', 'end', 'reconnecting']) conn.on(event, () => this.refreshMode());
    }
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Resolves once connected, or after `timeoutMs` (the service then starts degraded). */
  async ready(timeoutMs: number): Promise<void> {
    if (this.current === 'cluster') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const off = this.onModeChange((m) => m === 'cluster' && done());
      function done() {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
    await this.beat();
  }

  get mode(): CoordinationMode {
    return this.current;
  }

  private refreshMode(): void {
    const next: CoordinationMode = this.commands.status === 'ready' && this.subscriber.status === 'ready' ? 'cluster' : 'degraded';
    if (next === this.current) return;
    this.current = next;
    if (next === 'degraded') this.options.logger.warn('Redis unreachable: each replica now polls for its own subscribers (degraded)');
    else this.options.logger.info('Redis reachable: polling is shared across replicas again');
    for (const l of [...this.listeners]) l(next);
  }

  private key(kind: string, name: string): string {
    return `${this.options.keyPrefix}${kind}:${name}`;
  }

  private async beat(): Promise<void> {
    if (this.current !== 'cluster') return;
    const key = this.key('replicas', 'alive');
    const now = Date.now();
    try {
      const [, , count] = (await this.commands
        .multi()
        .zadd(key, now, this.id)
        .zremrangebyscore(key, '-inf', now - 3 * HEARTBEAT_MS)
        .zcard(key)
        .exec())!.map(([, v]) => v);
      this.replicaCount = Math.max(1, Number(count));
    } catch {
      // Redis away: keep the last known count for the fallback share.
    }
  }

  readonly budgets = (tenant: string, provider: string, rps: number): RequestBudget =>
    new RedisBudget(this.commands, this.key('budget', `${tenant}:${provider}`), rps, this.options.clock, () => this.replicaCount);

  async tryLease(topic: string): Promise<boolean> {
    const key = this.key('lease', topic);
    if ((await this.commands.set(key, this.id, 'PX', this.options.leaseMs, 'NX')) === 'OK') return true;
    return (await this.commands.get(key)) === this.id;
  }

  async renewLease(topic: string): Promise<boolean> {
    return (await this.commands.renewLease(this.key('lease', topic), this.id, String(this.options.leaseMs))) === 1;
  }

  async releaseLease(topic: string): Promise<void> {
    await this.commands.releaseLease(this.key('lease', topic), this.id);
  }

  async publish(topic: string, event: TaskEvent): Promise<void> {
    await this.pubsub.publish(topic, encodeEvent(event, this.id));
  }

  subscribe(topic: string, task: TaskRef, handler: (event: TaskEvent) => void): () => void {
    return this.pubsub.subscribe(topic, (message) => {
      const decoded = decodeEvent(message, task);
      if (!decoded) this.options.logger.debug({ topic }, 'dropped a task event of an unknown format');
      else if (decoded.origin !== this.id) handler(decoded.event);
    });
  }

  async saveLatest(topic: string, event: TaskEvent): Promise<void> {
    await this.commands.set(this.key('latest', topic), encodeEvent(event, this.id), 'PX', this.options.latestTtlMs);
  }

  async loadLatest(topic: string, task: TaskRef): Promise<TaskEvent | null> {
    const message = await this.commands.get(this.key('latest', topic));
    return (message && decodeEvent(message, task)?.event) || null;
  }

  onModeChange(listener: (mode: CoordinationMode) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  describe(): Record<string, unknown> {
    return { mode: this.current, redis: this.commands.status, replicas: this.replicaCount, replica: this.id };
  }

  async dispose(): Promise<void> {
    clearInterval(this.heartbeat);
    this.listeners.clear();
    if (this.current === 'cluster') await this.commands.zrem(this.key('replicas', 'alive'), this.id).catch(() => undefined);
    this.pubsub.dispose();
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}
