import type { EmulatorAccount } from './types';

/** The accounts of one emulator, looked up by key id. */
export class AccountDirectory {
  private readonly byKey = new Map<string, EmulatorAccount>();

  constructor(accounts: readonly EmulatorAccount[]) {
    if (!Array.isArray(accounts)) {
      throw new Error(`EmulatorOptions.accounts must be an array but got: ${String(accounts)}`);
    }
    for (const account of accounts) {
      for (const field of ['accountId', 'accessKeyId', 'secret'] as const) {
        if (typeof account[field] !== 'string' || account[field] === '') {
          throw new Error(`EmulatorAccount.${field} must be a non-empty string but got: ${JSON.stringify(account[field])}`);
        }
      }
      if (this.byKey.has(account.accessKeyId)) {
        throw new Error(`EmulatorAccount.accessKeyId must be unique but got: "${account.accessKeyId}" twice`);
      }
      this.byKey.set(account.accessKeyId, account);
    }
  }

  /** The account owning this key id, if any. */
  byAccessKeyId(accessKeyId: string): EmulatorAccount | undefined {
    return this.byKey.get(accessKeyId);
  }
}

/**
 * The account `caller` acts for when it names `memberAccountId` (Alibaba ResourceDirectoryAccountId/RoleFor):
 * itself or one of its member accounts; undefined when it may not.
 */
export function actingAccountId(caller: EmulatorAccount, memberAccountId: string | undefined): string | undefined {
  if (memberAccountId === undefined || memberAccountId === caller.accountId) return caller.accountId;
  return caller.memberAccountIds?.includes(memberAccountId) ? memberAccountId : undefined;
}
