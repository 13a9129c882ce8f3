import { ConfigError } from './config-error';
import type { OptionReader } from './option-reader';
import type {
  AlibabaSasConfig,
  AlibabaSiemConfig,
  CommonProviderConfig,
  HuaweiWorkspaceConfig,
  ProviderConfigs,
  TencentTcssConfig,
} from './provider-config';
import { PROVIDER_IDS, isProviderId, type ProviderId } from '../providers/provider-id';

const INT64_DIGITS = /^(0|[1-9][0-9]{0,18})$/;
const INT64_MAX = 9223372036854775807n;
const DEFAULT_RPS: Readonly<Record<ProviderId, number>> = {
  'alibaba-sas': 10,
  'alibaba-siem': 10,
  'tencent-tcss': 20,
  'huawei-workspace': 10,
};

function endpoint(r: OptionReader): string {
  const value = r.string('endpoint', { expected: 'an http:// or https:// URL' });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${r.path}.endpoint: expected an http:// or https:// URL, but got "${value}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(
      `${r.path}.endpoint: expected an http:// or https:// URL without credentials, query or fragment, but got "${url.protocol}//${url.host}${url.pathname}"`,
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function common(r: OptionReader, id: ProviderId): CommonProviderConfig {
  return {
    endpoint: endpoint(r),
    timeoutMs: r.int('timeoutMs', { default: 5000, min: 100, max: 120_000 }),
    maxRequestsPerSecond: r.number('maxRequestsPerSecond', { default: DEFAULT_RPS[id], min: 0.1, max: 10_000 }),
    maxConcurrentRequests: r.int('maxConcurrentRequests', { default: 64, min: 1, max: 1024 }),
  };
}

function int64(r: OptionReader, key: string): string | undefined {
  const value = r.optionalString(key, { pattern: INT64_DIGITS, expected: 'an int64 written as a decimal string' });
  if (value !== undefined && BigInt(value) > INT64_MAX) {
    throw new ConfigError(`${r.path}.${key}: expected an int64 written as a decimal string, but got "${value}"`);
  }
  return value;
}

function sas(r: OptionReader): AlibabaSasConfig {
  return {
    ...common(r, 'alibaba-sas'),
    accessKeyId: r.string('accessKeyId', { secret: true }),
    accessKeySecret: r.string('accessKeySecret', { secret: true }),
    securityToken: r.optionalString('securityToken', { secret: true }),
    resourceDirectoryAccountId: int64(r, 'resourceDirectoryAccountId'),
  };
}

function siem(r: OptionReader): AlibabaSiemConfig {
  return {
    ...common(r, 'alibaba-siem'),
    accessKeyId: r.string('accessKeyId', { secret: true }),
    accessKeySecret: r.string('accessKeySecret', { secret: true }),
    securityToken: r.optionalString('securityToken', { secret: true }),
    regionId: r.oneOf('regionId', ['cn-hangzhou', 'ap-southeast-1'], { default: 'cn-hangzhou' }),
    lang: r.oneOf('lang', ['zh', 'en'], { default: 'en' }),
    roleFor: int64(r, 'roleFor'),
  };
}

function tencent(r: OptionReader): TencentTcssConfig {
  return {
    ...common(r, 'tencent-tcss'),
    secretId: r.string('secretId', { secret: true }),
    secretKey: r.string('secretKey', { secret: true }),
    token: r.optionalString('token', { secret: true }),
    region: r.optionalString('region', { pattern: /^[a-z]{2}-[a-z0-9-]{2,40}$/, expected: 'a region such as "ap-guangzhou"' }),
    language: r.optionalString('language', { pattern: /^(zh-CN|en-US)$/, expected: '"zh-CN" or "en-US"' }),
  };
}

function huawei(r: OptionReader): HuaweiWorkspaceConfig {
  return {
    ...common(r, 'huawei-workspace'),
    ak: r.string('ak', { secret: true }),
    sk: r.string('sk', { secret: true }),
    projectId: r.string('projectId', { pattern: /^[A-Za-z0-9_-]{1,64}$/, expected: 'a project id of 1 to 64 characters [A-Za-z0-9_-]' }),
    securityToken: r.optionalString('securityToken', { secret: true }),
  };
}

/** Reads and validates a tenant's `providers` object. */
export function readProviderConfigs(r: OptionReader): ProviderConfigs {
  const out: Record<string, unknown> = {};
  for (const key of r.keys()) {
    if (!isProviderId(key)) {
      throw new ConfigError(`${r.path}: unknown provider "${key}", expected one of ${PROVIDER_IDS.join(', ')}`);
    }
    const p = r.object(key);
    switch (key) {
      case 'alibaba-sas':
        out[key] = sas(p);
        break;
      case 'alibaba-siem':
        out[key] = siem(p);
        break;
      case 'tencent-tcss':
        out[key] = tencent(p);
        break;
      case 'huawei-workspace':
        out[key] = huawei(p);
        break;
    }
    p.done();
  }
  r.done();
  return out as ProviderConfigs;
}
