import type { Exchange } from './http-client.ts';
import { describeValue } from './describe-value.ts';

/** `: ERROR_CODE message` from a Kibo error body, or the start of whatever else came back. */
export function errorSummary(exchange: Pick<Exchange, 'parsed' | 'json' | 'text'>): string {
  if (exchange.parsed && typeof exchange.json === 'object' && exchange.json !== null) {
    const { errorCode, message } = exchange.json as { errorCode?: unknown; message?: unknown };
    if (typeof errorCode === 'string' || typeof message === 'string') {
      return `: ${[errorCode, message].filter((part) => typeof part === 'string').join(' ')}`;
    }
  }
  return exchange.text === '' ? ' (empty body)' : ` (body ${describeValue(exchange.text)})`;
}
