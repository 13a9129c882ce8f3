/**
 * Per-tenant provider settings (CONTRACT.md section 5), after `env:` resolution and validation.
 * Every provider accepts the common options; the rest are its own.
 */
export interface CommonProviderConfig {
  /** Base URL, `http://` or `https://`, with an optional port; signing uses its host as sent. */
  readonly endpoint: string;
  /** Per-request timeout in ms. Default 5000. */
  readonly timeoutMs: number;
  /** Read budget for this tenant and provider, requests per second. Default: the provider's documented quota or 10. */
  readonly maxRequestsPerSecond: number;
  /** Most calls in flight at once for this tenant and provider. Default 64. */
  readonly maxConcurrentRequests?: number;
}

export interface AlibabaSasConfig extends CommonProviderConfig {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** STS token, sent as `x-acs-security-token`. */
  readonly securityToken?: string | undefined;
  /** int64 as a decimal string: act on this member account. */
  readonly resourceDirectoryAccountId?: string | undefined;
}

export interface AlibabaSiemConfig extends CommonProviderConfig {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string | undefined;
  /** `cn-hangzhou` (assets in mainland China) or `ap-southeast-1`. Default `cn-hangzhou`. */
  readonly regionId: string;
  /** `zh` or `en`. Default `en`. */
  readonly lang: string;
  /** int64 as a decimal string: administrator acting as this member account. */
  readonly roleFor?: string | undefined;
}

export interface TencentTcssConfig extends CommonProviderConfig {
  readonly secretId: string;
  readonly secretKey: string;
  /** STS token, sent as `X-TC-Token`. */
  readonly token?: string | undefined;
  /** Sent as `X-TC-Region` when set. */
  readonly region?: string | undefined;
  /** Sent as `X-TC-Language` when set, e.g. `en-US`. */
  readonly language?: string | undefined;
}

export interface HuaweiWorkspaceConfig extends CommonProviderConfig {
  readonly ak: string;
  readonly sk: string;
  readonly projectId: string;
  /** STS token, sent as `X-Security-Token`. */
  readonly securityToken?: string | undefined;
}

/** Provider id to that provider's settings; a missing entry means "not configured" for the tenant. */
export interface ProviderConfigs {
  readonly 'alibaba-sas'?: AlibabaSasConfig;
  readonly 'alibaba-siem'?: AlibabaSiemConfig;
  readonly 'tencent-tcss'?: TencentTcssConfig;
  readonly 'huawei-workspace'?: HuaweiWorkspaceConfig;
}
