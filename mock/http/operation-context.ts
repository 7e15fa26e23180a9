import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { Violation } from './error-catalogue.ts';

/** What an operation handler gets once the pipeline's checks have passed. */
export interface OperationContext<Access = unknown> {
  readonly plan: OperationPlan;
  /** Query parameters, coerced to the document's types, defaults filled in. */
  readonly query: Readonly<Record<string, unknown>>;
  readonly path: Readonly<Record<string, unknown>>;
  /** The parsed body, validated, with the document's defaults filled in. */
  readonly body: unknown;
  /**
   * Items of a batch body that failed validation, when the operation is not `x-all-or-nothing`:
   * the handler creates the others and reports these. Empty otherwise.
   */
  readonly rejected: readonly Violation[];
  /** The body's text as sent, for handlers that report positions in it (scenario lines). */
  readonly bodyText: string | undefined;
  /** What the document's security granted this request (see the guard of its document). */
  readonly access: Access;
  readonly now: number;
  /** The host (and port) the request reached, as the client wrote it: where to point it back. */
  readonly host: string;
}

export interface OperationResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type OperationHandler<Access = unknown> = (
  context: OperationContext<Access>,
) => OperationResult | Promise<OperationResult>;
