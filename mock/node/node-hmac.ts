import { createHmac, createSecretKey } from 'node:crypto';
import { hmacSha256, type HmacFactory } from '../auth/web-crypto.ts';

/** Above this, a digest runs on libuv's threadpool (WebCrypto's job) rather than the event loop. */
const offloadedBytes = 64 * 1024;

/**
 * OpenSSL's HMAC-SHA256 for the mock as Node runs it, the same digests as WebCrypto's. Small data
 * (a Bulk body, most answers) is hashed at once: WebCrypto's promise job and copy cost more than
 * the hash. A big answer (a page of 200 accounts, 470 KB, about 0.3 ms of SHA-256) goes to
 * WebCrypto, whose job runs on the threadpool, so the event loop goes on serving meanwhile.
 */
export const nodeHmacSha256: HmacFactory = (key) => {
  const secret = createSecretKey(key);
  const offloaded = hmacSha256(key);
  return (data) =>
    data.length > offloadedBytes
      ? offloaded(data)
      : Promise.resolve(createHmac('sha256', secret).update(data).digest('hex'));
};
