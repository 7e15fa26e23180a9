import type { ApiPlan } from '../../../openapi/operation-plan.ts';
import type { OperationResult } from '../../http/operation-context.ts';
import { preferredResponse } from '../../http/prefer.ts';
import type { FaultRule } from './scenario.ts';

/** What the fault rules decided for one call: wait first, then answer this instead (if any). */
export interface FaultDecision {
  readonly delayMs: number;
  readonly response?: OperationResult;
}

export type Faults = (operationId: string) => FaultDecision | undefined;

/**
 * Compiles a scenario's fault rules. Calls are counted per operation; a rule fires when all of
 * its conditions hold (after N calls, every Nth call, with a probability). Latency rules add up;
 * the first rule with a status answers, with the document's example for that status. Chance comes
 * from a generator seeded by the scenario, so a run repeats its faults exactly.
 */
export function createFaults(rules: readonly FaultRule[], plan: ApiPlan, seed: number): Faults | undefined {
  if (rules.length === 0) return undefined;
  const calls = new Map<string, number>();
  const chance = mulberry32(seed);
  return (operationId) => {
    const n = (calls.get(operationId) ?? 0) + 1;
    calls.set(operationId, n);
    let delayMs = 0;
    for (const rule of rules) {
      if (rule.operation !== '*' && rule.operation !== operationId) continue;
      if (!fires(rule, n, chance)) continue;
      delayMs += latency(rule, chance);
      if (rule.status !== undefined) {
        const response = preferredResponse(plan.operation(operationId), {
          code: rule.status,
          example: rule.example,
        });
        return { delayMs, response };
      }
    }
    return delayMs > 0 ? { delayMs } : undefined;
  };
}

function fires(rule: FaultRule, n: number, chance: () => number): boolean {
  if (rule.afterCalls !== undefined && n <= rule.afterCalls) return false;
  if (rule.everyNth !== undefined && n % rule.everyNth !== 0) return false;
  if (rule.probability !== undefined && chance() >= rule.probability) return false;
  return true;
}

function latency(rule: FaultRule, chance: () => number): number {
  const latencyMs = rule.latencyMs;
  if (latencyMs === undefined) return 0;
  if (typeof latencyMs === 'number') return latencyMs;
  return Math.round(latencyMs.min + chance() * (latencyMs.max - latencyMs.min));
}

/** A small seeded generator (Mulberry32): fault sequences must not depend on Math.random. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
