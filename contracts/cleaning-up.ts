import { removeAccount } from './remove-account.ts';
import type { RunContext } from './run-context.ts';

/**
 * Runs a check's journey, then deletes the accounts the run created meanwhile (however they were
 * created: Bulk, a sign-up, a request the target should have refused), so a tenant is left as it
 * was even when the run stops early. What cannot be deleted stays on the run's list, for
 * `cleanup.delete-created` to try again and report as left behind: the journey's own verdict is
 * about its rule, not about deletes.
 */
export async function cleaningUp<T>(context: RunContext, journey: () => Promise<T>): Promise<T> {
  const before = new Set(context.created.keys());
  try {
    return await journey();
  } finally {
    const created = [...context.created.keys()].filter((id) => !before.has(id));
    for (const id of created) {
      const problem = await removeAccount(context, id).catch((error: unknown) => ({
        message: String(error),
      }));
      if (problem === undefined) context.created.delete(id);
    }
  }
}
