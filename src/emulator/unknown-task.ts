import type { ProviderId } from '../domain/provider-id';

/** The Alibaba products share one gateway, and with it the shapes of an unknown-id answer. */
const ALIBABA_UNKNOWN_TASK_ANSWERS = ['ExportTaskNotExist', 'InvalidExportId.NotFound', 'ExportTask.NotFound', 'ResourceNotFound'] as const;

/**
 * The shapes in which each emulator can answer a task id it does not know, or another account's task.
 * Tencent and Alibaba do not document that answer, so every documented or
 * plausible one is available, and the service must read each as what it is:
 * - Tencent (HTTP 200, `Response.Error.Code`): `ResourceNotFound` (the common code), `InvalidParameter`
 *   (the only parameter error the action's page lists), `InvalidParameterValue` (the common code for a
 *   refused value) and tcss's own `InvalidParameterValue.DataNotFound` ("the current data was not found");
 * - Alibaba (HTTP 404, `Code`): a `NotFound`/`NotExist` code of the product's choosing;
 * - Huawei: a `task_id` query that lists nothing (the only behaviour the API documents).
 * The first of each list is the emulator's default.
 */
export const UNKNOWN_TASK_ANSWERS = {
  'tencent-tcss': ['ResourceNotFound', 'InvalidParameter', 'InvalidParameterValue', 'InvalidParameterValue.DataNotFound'],
  'alibaba-sas': ALIBABA_UNKNOWN_TASK_ANSWERS,
  'alibaba-siem': ALIBABA_UNKNOWN_TASK_ANSWERS,
  'huawei-workspace': ['empty-list'],
} as const satisfies Record<ProviderId, readonly [string, ...string[]]>;

/** One of the answers of `UNKNOWN_TASK_ANSWERS`, of some provider. */
export type UnknownTaskAnswer = (typeof UNKNOWN_TASK_ANSWERS)[ProviderId][number];

/** What an emulator answers with, switchable while it runs (`EmulatorHandle.setUnknownTask`). */
export interface EmulatorAnswers {
  /** One of `UNKNOWN_TASK_ANSWERS[provider]`. */
  unknownTask: UnknownTaskAnswer;
}

/**
 * `answer` checked against `provider`'s list (undefined: the default, the list's first).
 * @throws Error naming the provider's answers and what was given.
 */
export function checkUnknownTaskAnswer(provider: ProviderId, answer: unknown): UnknownTaskAnswer {
  const answers: readonly string[] = UNKNOWN_TASK_ANSWERS[provider];
  if (answer === undefined) return answers[0] as UnknownTaskAnswer;
  if (typeof answer !== 'string' || !answers.includes(answer)) {
    throw new Error(`unknownTask must be one of ${answers.join(', ')} for ${provider} but got: ${JSON.stringify(answer)}`);
  }
  return answer as UnknownTaskAnswer;
}
