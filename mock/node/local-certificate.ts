import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generate } from 'selfsigned';
import { cacheDir } from '../../openapi/cache-dir.ts';

/** A certificate and its key, as PEM text, and the file a client should trust. */
export interface TlsCredentials {
  readonly cert: string;
  readonly key: string;
  /** The certificate's file: what NODE_EXTRA_CA_CERTS (or a browser) is pointed at. */
  readonly certFile: string;
}

/** Where `--tls` keeps the certificate it made: `tls/` in the kit's cache folder (cache-dir.ts). */
export function certificateDir(): string {
  return join(cacheDir(), 'tls');
}

/** Renewed this long before it expires, so a kept certificate never lapses mid-run. */
const renewBeforeMs = 7 * 24 * 3600 * 1000;

/**
 * The certificate for localhost and 127.0.0.1 that `--tls` serves: made on first use and kept,
 * so a client trusts it once. Kibo's SDK only speaks https, so this is what lets it log in to the
 * mock unchanged. Self-signed and its own CA, which is how NODE_EXTRA_CA_CERTS can trust it.
 */
export async function localCertificate(dir: string = certificateDir()): Promise<TlsCredentials> {
  const certFile = join(dir, 'localhost-cert.pem');
  const keyFile = join(dir, 'localhost-key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    if (Date.parse(new X509Certificate(cert).validTo) - Date.now() > renewBeforeMs) {
      return { cert, key: readFileSync(keyFile, 'utf8'), certFile };
    }
  }
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 825 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'kibo-accounts-mock localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  // The pair is written in a folder of its own, then renamed into place in one step: two starts
  // at once never mix one's key with the other's certificate; the loser uses the winner's pair.
  const partial = `${dir.replace(/\/+$/, '')}.${process.pid}.tmp`;
  mkdirSync(partial, { recursive: true });
  writeFileSync(join(partial, 'localhost-key.pem'), pems.private, { mode: 0o600 });
  writeFileSync(join(partial, 'localhost-cert.pem'), pems.cert);
  mkdirSync(dirname(partial), { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(partial, dir);
  } catch {
    rmSync(partial, { recursive: true, force: true });
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile };
  }
  return { cert: pems.cert, key: pems.private, certFile };
}

/** The user's own certificate and key (`--tls-cert`, `--tls-key`). */
export function certificateFiles(certFile: string, keyFile: string): TlsCredentials {
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile };
}
