import type { Exchange } from '../../client/http-client.ts';
import type { ApiPlan } from '../../openapi/operation-plan.ts';

/** What the run exercised of one operation. */
export interface OperationCoverage {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** The statuses the document declares for it, and which of them the run saw answered. */
  readonly declared: readonly number[];
  readonly seen: readonly number[];
  /** Kinds of rule put to it: the groups of checks that called it, and the generated case kinds. */
  readonly ruleKinds: readonly string[];
}

/** Seen against declared (operation, status) pairs, as a count and a percentage. */
export interface CoverageFigure {
  readonly seen: number;
  readonly declared: number;
  readonly percent: number;
}

export interface Coverage {
  /** Every operation of the document. */
  readonly total: CoverageFigure;
  /** Per tag of the document (its first tag: CustomerAccount, CustomerAuthTicket…). */
  readonly byTag: Readonly<Record<string, CoverageFigure>>;
  readonly operations: readonly OperationCoverage[];
}

/**
 * The run's coverage from what the http client recorded (each exchange names its operation, its
 * status and the check that sent it) and the kinds of generated case each operation was sent.
 */
export function coverageOf(
  plan: ApiPlan,
  exchanges: readonly Exchange[],
  generatedKinds: ReadonlyMap<string, ReadonlySet<string>>,
): Coverage {
  // One pass over the run's exchanges, not one per operation: a run records thousands. (No
  // Map.groupBy: the package runs on Node 20.)
  const byOperation = new Map<string, Exchange[]>();
  for (const exchange of exchanges) {
    const own = byOperation.get(exchange.operationId);
    if (own) own.push(exchange);
    else byOperation.set(exchange.operationId, [exchange]);
  }
  const operations = plan.operations.map((operation): OperationCoverage => {
    const own = byOperation.get(operation.operationId) ?? [];
    const statuses = new Set(own.map((exchange) => exchange.status));
    // The generated group is listed by the kinds of case it sent instead.
    const groups = own
      .map((exchange) => exchange.checkId.split('.')[0] ?? exchange.checkId)
      .filter((group) => group !== 'generated');
    const kinds = [...(generatedKinds.get(operation.operationId) ?? [])].map((kind) => `generated:${kind}`);
    return {
      operationId: operation.operationId,
      method: operation.method,
      path: operation.path,
      declared: operation.statuses,
      seen: operation.statuses.filter((status) => statuses.has(status)),
      ruleKinds: [...new Set([...groups, ...kinds])].sort(),
    };
  });
  const tagOf = (operationId: string) => plan.operation(operationId).entry.operation.tags?.[0] ?? 'untagged';
  const tags = [...new Set(operations.map((o) => tagOf(o.operationId)))];
  return {
    total: figure(operations),
    byTag: Object.fromEntries(
      tags.map((tag) => [tag, figure(operations.filter((o) => tagOf(o.operationId) === tag))]),
    ),
    operations,
  };
}

function figure(operations: readonly OperationCoverage[]): CoverageFigure {
  const declared = operations.reduce((sum, o) => sum + o.declared.length, 0);
  const seen = operations.reduce((sum, o) => sum + o.seen.length, 0);
  return { seen, declared, percent: declared === 0 ? 100 : Math.round((1000 * seen) / declared) / 10 };
}
