import { isProviderId, PROVIDER_IDS } from '../domain/provider-id';
import { configIssue } from '../options/config-error';
import type { OptionReader } from '../options/option-reader';
import { providerModules } from '../providers/registry';
import type { ProviderConfigs } from './config';

/** Reads and validates a tenant's `providers` object: each provider's options by its own module. */
export function readProviderConfigs(r: OptionReader): ProviderConfigs {
  const out: Record<string, unknown> = {};
  for (const key of r.keys()) {
    if (!isProviderId(key)) {
      const expected = `one of ${PROVIDER_IDS.join(', ')}`;
      r.reading.report(configIssue(r.path, expected, `"${key}"`, `${r.path}: unknown provider "${key}", expected ${expected}`));
      r.dismiss(key);
      continue;
    }
    const p = r.object(key);
    out[key] = providerModules[key].readOptions(p);
    p.done();
  }
  r.done();
  return out as ProviderConfigs;
}
