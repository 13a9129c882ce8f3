import { ServiceError } from '../../../../src/errors/service-error';

/** The ServiceError `fn` throws (sync or async); fails the test when it throws nothing or something else. */
export async function serviceErrorOf(fn: () => unknown): Promise<ServiceError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw new Error(`expected a ServiceError but got: ${String(e)}`);
  }
  throw new Error('expected a ServiceError but nothing was thrown');
}

/** Synchronous `serviceErrorOf`. */
export function serviceErrorOfSync(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw new Error(`expected a ServiceError but got: ${String(e)}`);
  }
  throw new Error('expected a ServiceError but nothing was thrown');
}
