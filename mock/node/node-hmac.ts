import { createHmac, createSecretKey } from 'node:crypto';
import type { HmacFactory } from '../auth/web-crypto.ts';

/**
 * OpenSSL's HMAC-SHA256, synchronously, for the mock as Node runs it: the same digests as
 * WebCrypto's, without a promise job and a copy of the data per call, which the journal pays twice
 * on every request.
 */
export const nodeHmacSha256: HmacFactory = (key) => {
  const secret = createSecretKey(key);
  return (data) => Promise.resolve(createHmac('sha256', secret).update(data).digest('hex'));
};
