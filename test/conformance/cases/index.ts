import { alibabaSasCase } from './alibaba-sas';
import { alibabaSiemCase } from './alibaba-siem';
import { huaweiWorkspaceCase } from './huawei-workspace';
import { tencentTcssCase } from './tencent-tcss';
import type { ProviderCase } from './types';

/** The conformance case of every provider, in `PROVIDER_IDS` order. */
export const PROVIDER_CASES: readonly ProviderCase[] = [alibabaSasCase, alibabaSiemCase, tencentTcssCase, huaweiWorkspaceCase];
