import { randomUUID } from 'node:crypto';

import Redis from 'ioredis';

import type { TaskRef } from '../../domain/task-ref';
import type { Logger } from '../../logging/logger';
import { defineReserveSlot, RedisBudget } from '../../quota/redis-budget';
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
  /** The deadline of every Redis command, ms: a Redis that does not answer within it is treated as gone. */
  readonly commandTimeoutMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** How often a replica says it is alive (and checks that Redis answers), ms; one missing for three beats is counted gone. */
const HEARTBEAT_MS = 2000;

/**
 * Coordination of replicas through one Redis (ioredis): pub/sub for events, `SET NX PX` leases
 * renewed by script for one poller per task, the latest event per task for late joiners, shared
 * request budgets, and a heartbeat set that tells each replica how many are alive (its fallback
 * share of a budget). Events are serialized here and only here (`event-codec.ts`): a replica's own
 * events come back from Redis and are dropped, as its channels delivered them already.
 *
 * Every command has a deadline (`commandTimeoutMs`) and nothing waits for a connection (no offline
 * queue). The mode is `cluster` only while both connections are up and Redis answers: a command that
 * times out (a Redis frozen by a long fork, a network black hole: the socket stays open) turns the
 * mode `degraded` at once, like a lost connection, and each replica polls for its own subscribers
 * within its share of the budgets; the heartbeat keeps asking, and the first answer brings `cluster`
 * back.
 */
export class RedisCoordinator implements Coordinator {
  private readonly pubsub: RedisPubSub;
  private readonly id = randomUUID();
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private current: CoordinationMode = 'degraded';
  /** False from a command that timed out until Redis answers again. */
  private answering = true;
  private readonly listeners = new Set<(mode: CoordinationMode) => void>();
  private replicaCount = 1;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly options: RedisCoordinatorOptions) {
    const connection = {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
      commandTimeout: options.commandTimeoutMs,
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
    const up = this.commands.status === 'ready' && this.subscriber.status === 'ready';
    const next: CoordinationMode = up && this.answering ? 'cluster' : 'degraded';
    if (next === this.current) return;
    this.current = next;
    if (next === 'cluster') this.options.logger.info('Redis reachable: polling is shared across replicas again');
    else if (!up) this.options.logger.warn('Redis unreachable: each replica now polls for its own subscribers (degraded)');
    else {
      this.options.logger.warn(
        { commandTimeoutMs: this.options.commandTimeoutMs },
        'Redis does not answer in time: each replica now polls for its own subscribers (degraded)',
      );
    }
    for (const l of [...this.listeners]) l(next);
  }

  /** Runs one command; a timeout says Redis stopped answering (the mode turns degraded). */
  private async command<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (isTimeout(e) && this.answering) {
        this.answering = false;
        this.refreshMode();
      }
      throw e;
    }
  }

  private key(kind: string, name: string): string {
    return `${this.options.keyPrefix}${kind}:${name}`;
  }

  /** Says this replica is alive and counts the others; an answer after a timeout brings `cluster` back. */
  private async beat(): Promise<void> {
    if (this.commands.status !== 'ready') return;
    const key = this.key('replicas', 'alive');
    const now = Date.now();
    try {
      const [, , count] = (await this.command(() =>
        this.commands
          .multi()
          .zadd(key, now, this.id)
          .zremrangebyscore(key, '-inf', now - 3 * HEARTBEAT_MS)
          .zcard(key)
          .exec(),
      ))!.map(([, v]) => v);
      this.replicaCount = Math.max(1, Number(count));
      if (!this.answering) {
        this.answering = true;
        this.refreshMode();
      }
    } catch {
      // Redis away or frozen: keep the last known count for the fallback share.
    }
  }

  readonly budgets = (tenant: string, provider: string, rps: number): RequestBudget =>
    new RedisBudget(this.commands, this.key('budget', `${tenant}:${provider}`), rps, this.options.clock, {
      replicas: () => this.replicaCount,
      // While degraded, calls go straight to this replica's share instead of waiting for Redis each time.
      available: () => this.current === 'cluster',
      reserve: (run) => this.command(run),
    });

  async tryLease(topic: string): Promise<boolean> {
    const key = this.key('lease', topic);
    if ((await this.command(() => this.commands.set(key, this.id, 'PX', this.options.leaseMs, 'NX'))) === 'OK') return true;
    return (await this.command(() => this.commands.get(key))) === this.id;
  }

  async renewLease(topic: string): Promise<boolean> {
    return (await this.command(() => this.commands.renewLease(this.key('lease', topic), this.id, String(this.options.leaseMs)))) === 1;
  }

  async releaseLease(topic: string): Promise<void> {
    await this.command(() => this.commands.releaseLease(this.key('lease', topic), this.id));
  }

  async publish(topic: string, event: TaskEvent): Promise<void> {
    await this.command(() => this.pubsub.publish(topic, encodeEvent(event, this.id)));
  }

  subscribe(topic: string, task: TaskRef, handler: (event: TaskEvent) => void): () => void {
    return this.pubsub.subscribe(topic, (message) => {
      const decoded = decodeEvent(message, task);
      if (!decoded) this.options.logger.debug({ topic }, 'dropped a task event of an unknown format');
      else if (decoded.origin !== this.id) handler(decoded.event);
    });
  }

  async saveLatest(topic: string, event: TaskEvent): Promise<void> {
    await this.command(() => this.commands.set(this.key('latest', topic), encodeEvent(event, this.id), 'PX', this.options.latestTtlMs));
  }

  async loadLatest(topic: string, task: TaskRef): Promise<TaskEvent | null> {
    const message = await this.command(() => this.commands.get(this.key('latest', topic)));
    return (message && decodeEvent(message, task)?.event) || null;
  }

  onModeChange(listener: (mode: CoordinationMode) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  describe(): Record<string, unknown> {
    return {
      mode: this.current,
      redis: this.commands.status,
      answering: this.answering,
      replicas: this.replicaCount,
      replica: this.id,
    };
  }

  /** Leaves the replica set if Redis answers in time, then closes both connections; never waits beyond one command deadline. */
  async dispose(): Promise<void> {
    clearInterval(this.heartbeat);
    this.listeners.clear();
    if (this.current === 'cluster') await this.commands.zrem(this.key('replicas', 'alive'), this.id).catch(() => undefined);
    this.pubsub.dispose();
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}

/** ioredis rejects a command that got no answer within `commandTimeout` with "Command timed out". */
function isTimeout(e: unknown): boolean {
  return e instanceof Error && /timed out/i.test(e.message);
}
