import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * A bearer token every mock process accepts (they share the embedded signing key), minted once by
 * the project's own token CLI, so each server's start-up is timed on a real authorized request.
 */
export async function mintToken(root: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['mock/cli/token-cli.ts'], { cwd: root });
  const token = stdout.trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token))
    throw new Error(`mock/cli/token-cli.ts printed no JWT: ${stdout}`);
  return token;
}
