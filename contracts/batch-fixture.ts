import { errorSummary } from '../client/error-summary.ts';
import { locate, type Exchange } from '../client/http-client.ts';
import { operations } from '../client/operations.ts';
import type { RunContext } from './run-context.ts';
import { bulkSchemas } from './account-schemas.ts';
import { succeeded } from './expectations.ts';
import { sampleBatch, withWriteOnlyValues, type AccountItem } from './test-data.ts';

/** The happy-path batch as sent and as the target answered it. */
export interface CreatedBatch {
  readonly sent: readonly AccountItem[];
  readonly reply: Exchange;
  /** The answer's items, whatever their shape; the bulk checks judge them. */
  readonly items: readonly unknown[];
  /**
   * For each item sent, the index in `items` of the account made of it: the one with its
   * emailAddress, in whatever order (request order is x-batch-echo's promise, checked apart), else
   * the same index.
   */
  readonly answered: readonly number[];
}

/**
 * Several checks need accounts that exist; the first to ask creates them and the others reuse
 * them, so `--only` any group still works and the batch is created once. A failure is remembered
 * too: every check that needs the batch then fails with the same reason.
 */
export function createBatchFixture(context: () => RunContext): () => Promise<CreatedBatch> {
  let batch: Promise<CreatedBatch> | undefined;
  return () => (batch ??= create(context()));
}

async function create(context: RunContext): Promise<CreatedBatch> {
  const body = bulkSchemas(context.plan);
  // Every write-only field carries a value somewhere in the batch, so the leak checks look for it.
  const sent = withWriteOnlyValues(
    sampleBatch(context.data),
    body.plan.rules.writeOnly,
    body.item,
    context.data,
  );
  const reply = await context.call(operations.addAccounts, { body: sent });
  const items = (reply.json as { items?: unknown } | undefined)?.items;
  if (!succeeded(context.plan, reply) || !Array.isArray(items)) {
    throw new Error(`could not create the test batch: ${locate(reply)}${errorSummary(reply)}`);
  }
  const emails = (items as unknown[]).map((item) =>
    emailOf((item as { emailAddress?: unknown } | null)?.emailAddress),
  );
  const answered = sent.map((item, index) => {
    const found = emails.indexOf(emailOf(item.account?.emailAddress));
    return found < 0 ? index : found;
  });
  return { sent, reply, items: items as unknown[], answered };
}

function emailOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}
