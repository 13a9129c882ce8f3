import type { ProviderConfigs, ResilienceConfig, TenantConfig } from '../config/config';
import type { ProviderId } from '../domain/provider-id';
import { ErrorCode } from '../errors/error-code';
import { ServiceError } from '../errors/service-error';
import type { HttpClient } from '../http/http-client';
import type { Logger } from '../logging/logger';
import type { GatewayMetricsFactory } from '../observability/gateway-metrics';
import { providerModule } from '../providers/registry';
import { RateBudget } from '../quota/rate-budget';
import type { BudgetFactory, RequestBudget } from '../quota/request-budget';
import type { Clock } from '../time/clock';
import { ProviderGateway } from './provider-gateway';

/** What a tenant's provider clients are built with. */
export interface TenantDeps {
  readonly http: HttpClient;
  readonly clock: Clock;
  /** Builds each (tenant, provider) request budget; default a local `RateBudget` per gateway. */
  readonly budgets?: BudgetFactory | undefined;
  /** Retries and circuit breaking of every gateway; default `DEFAULT_RESILIENCE`. */
  readonly resilience?: ResilienceConfig | undefined;
  /** Where gateways log circuit transitions and retries. */
  readonly logger?: Logger | undefined;
  /** Upstream metrics of each gateway; default none. */
  readonly metrics?: GatewayMetricsFactory | undefined;
}

/**
 * One tenant at run time: its configuration and, created on first use, one gateway per configured
 * provider holding a client bound to the tenant's own credentials and the tenant's request budget for
 * that provider. Nothing here is shared with another tenant; the runtime owns (and disposes) the
 * gateways and budgets it creates.
 */
export class TenantRuntime {
  private readonly gateways = new Map<ProviderId, { readonly gateway: ProviderGateway; readonly budget: RequestBudget }>();

  constructor(
    readonly config: TenantConfig,
    private readonly deps: TenantDeps,
  ) {}

  /** The tenant id. */
  get id(): string {
    return this.config.id;
  }

  /** Whether the tenant has credentials for `provider`. */
  isConfigured(provider: ProviderId): boolean {
    return this.config.providers[provider] !== undefined;
  }

  /** The tenant's options for `provider`; `PROVIDER_NOT_CONFIGURED` when it has no credentials for it. */
  requireConfigured<P extends ProviderId>(provider: P): NonNullable<ProviderConfigs[P]> {
    const options = this.config.providers[provider];
    if (!options) {
      throw new ServiceError(ErrorCode.PROVIDER_NOT_CONFIGURED, `Provider ${provider} is not configured for this tenant`, {
        provider,
        retryable: false,
      });
    }
    return options as NonNullable<ProviderConfigs[P]>;
  }

  /** The gateway to `provider`; `PROVIDER_NOT_CONFIGURED` when the tenant has no credentials for it. */
  gateway(provider: ProviderId): ProviderGateway {
    const existing = this.gateways.get(provider);
    if (existing) return existing.gateway;
    const options = this.requireConfigured(provider);
    const rps = options.maxRequestsPerSecond;
    const budget = this.deps.budgets?.(this.id, provider, rps) ?? new RateBudget(rps, this.deps.clock);
    const gateway = new ProviderGateway(providerModule(provider).createClient(options, this.deps), this.deps.clock, {
      budget,
      maxConcurrent: options.maxConcurrentRequests,
      resilience: this.deps.resilience,
      tenantId: this.id,
      logger: this.deps.logger,
      metrics: this.deps.metrics?.forGateway(this.id, provider),
    });
    this.gateways.set(provider, { gateway, budget });
    return gateway;
  }

  /** The gateway if it was ever created (for health without creating clients). */
  existingGateway(provider: ProviderId): ProviderGateway | undefined {
    return this.gateways.get(provider)?.gateway;
  }

  /** Every gateway created so far, with its provider (for metrics). */
  *existingGateways(): Iterable<readonly [ProviderId, ProviderGateway]> {
    for (const [provider, { gateway }] of this.gateways) yield [provider, gateway];
  }

  /** Stops every gateway and releases the waiters of every budget. */
  dispose(): void {
    for (const { gateway, budget } of this.gateways.values()) {
      gateway.dispose();
      budget.dispose();
    }
    this.gateways.clear();
  }
}
