import type { TenantConfig } from '../config/config';
import { ErrorCode } from '../errors/error-code';
import { ServiceError } from '../errors/service-error';
import type { HttpClient } from '../http/http-client';
import type { ProviderId } from '../providers/provider-id';
import { providerModules } from '../providers/registry';
import type { Clock } from '../time/clock';
import { ProviderGateway } from './provider-gateway';

/** What a tenant's provider clients are built with. */
export interface TenantDeps {
  readonly http: HttpClient;
  readonly clock: Clock;
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

  /** The gateway to `provider`; `PROVIDER_NOT_CONFIGURED` when the tenant has no credentials for it. */
  gateway(provider: ProviderId): ProviderGateway {
    let g = this.gateways.get(provider);
    if (g) return g;
    const settings = this.config.providers[provider];
    if (!settings) {
      throw new ServiceError(ErrorCode.PROVIDER_NOT_CONFIGURED, `Provider ${provider} is not configured for this tenant`, {
        provider,
        retryable: false,
      });
    }
    // The registry is keyed by provider id, so the settings' type matches the module's by construction.
    const module = providerModules[provider] as { createClient(c: unknown, d: TenantDeps): ProviderGateway['client'] };
    g = new ProviderGateway(module.createClient(settings, this.deps), this.deps.clock, {
      maxRequestsPerSecond: settings.maxRequestsPerSecond,
      maxConcurrent: settings.maxConcurrentRequests,
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
