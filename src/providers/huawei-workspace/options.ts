import type { OptionReader } from '../../options/option-reader';
import { readCommonOptions } from '../common/options';
import type { CommonProviderOptions } from '../provider';
import { workspaceDescriptor } from './descriptor';

/** A tenant's `huawei-workspace` options. */
export interface WorkspaceOptions extends CommonProviderOptions {
  readonly ak: string;
  readonly sk: string;
  readonly projectId: string;
  /** STS token, sent as `X-Security-Token`. */
  readonly securityToken?: string | undefined;
}

/** Reads `tenants[].providers["huawei-workspace"]`. */
export function readWorkspaceOptions(r: OptionReader): WorkspaceOptions {
  return {
    ...readCommonOptions(r, workspaceDescriptor),
    ak: r.string('ak', { secret: true }),
    sk: r.string('sk', { secret: true }),
    projectId: r.string('projectId', { pattern: /^[A-Za-z0-9_-]{1,64}$/, expected: 'a project id of 1 to 64 characters [A-Za-z0-9_-]' }),
    securityToken: r.optionalString('securityToken', { secret: true }),
  };
}
