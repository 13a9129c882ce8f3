import type { ResilienceConfig, TenantConfig } from '../config/config';
import { ErrorCode } from '../errors/error-code';
import { ServiceError } from '../errors/service-error';
import type { HttpClient } from '../http/http-client';
import type { Logger } from '../logging/logger';
import type { ProviderId } from '../providers/provider-id';
import { providerModules } from '../providers/registry';
import type { Clock } from '../time/clock';
import { ProviderGateway } from './provider-gateway';
import type { BudgetFactory } from './request-budget';
import type { GatewayMetricsFactory } from '../observability/gateway-metrics';

/** What a tenant's provider clients are built with. */
export interface TenantDeps {
  readonly http: HttpClient;
  readonly clock: Clock;
  /** Builds each (tenant, provider) request budget; default a local budget per gateway. */
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
 * provider holding a client bound to the tenant's own credentials. Nothing here is shared with
 * another tenant.
 */
export class TenantRuntime {
  private readonly gateways = new Map<ProviderId, ProviderGateway>();

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

  /** The tenant's settings for `provider`; `PROVIDER_NOT_CONFIGURED` when it has no credentials for it. */
  requireConfigured(provider: ProviderId): NonNullable<TenantConfig['providers'][ProviderId]> {
    const settings = this.config.providers[provider];
    if (!settings) {
      throw new ServiceError(ErrorCode.PROVIDER_NOT_CONFIGURED, `Provider ${provider} is not configured for this tenant`, {
        provider,
        retryable: false,
      });
    }
    return settings;
  }

  /** The gateway to `provider`; `PROVIDER_NOT_CONFIGURED` when the tenant has no credentials for it. */
  gateway(provider: ProviderId): ProviderGateway {
    let g = this.gateways.get(provider);
    if (g) return g;
    const settings = this.requireConfigured(provider);
    // The registry is keyed by provider id, so the settings' type matches the module's by construction.
    const module = providerModules[provider] as { createClient(c: unknown, d: TenantDeps): ProviderGateway['client'] };
    g = new ProviderGateway(module.createClient(settings, this.deps), this.deps.clock, {
      maxRequestsPerSecond: settings.maxRequestsPerSecond,
      maxConcurrent: settings.maxConcurrentRequests,
      budget: this.deps.budgets?.(this.id, provider, settings.maxRequestsPerSecond),
      resilience: this.deps.resilience,
      tenantId: this.id,
      logger: this.deps.logger,
      metrics: this.deps.metrics?.forGateway(this.id, provider),
    });
    this.gateways.set(provider, g);
    return g;
  }

  /** The gateway if it was ever created (for health without creating clients). */
  existingGateway(provider: ProviderId): ProviderGateway | undefined {
    return this.gateways.get(provider);
  }

  /** Releases every client. */
  async dispose(): Promise<void> {
    await Promise.all([...this.gateways.values()].map((g) => g.dispose()));
    this.gateways.clear();
  }
}
