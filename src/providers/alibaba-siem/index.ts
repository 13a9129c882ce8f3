import { ALIBABA_TASK_ID } from '../alibaba/int64';
import type { ProviderModule } from '../provider';
import { createSiemClient } from './client';
import { siemDescriptor } from './descriptor';
import { readSiemOptions, type SiemOptions } from './options';

/** Alibaba Cloud Threat Analysis, Cloud SIEM (`alibaba-siem`). */
export const siemProvider: ProviderModule<SiemOptions> = {
  descriptor: siemDescriptor,
  taskId: ALIBABA_TASK_ID,
  readOptions: readSiemOptions,
  createClient: createSiemClient,
};
