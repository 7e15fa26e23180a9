import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../bench/free-port.ts';
import { documentPath } from '../../openapi/load-document.ts';

export interface RunningPrism {
  /** Prism serves the document's paths as written, without the servers' `/api`: this is its base. */
  readonly url: string;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const prismCli = `${root}node_modules/@stoplight/prism-cli/dist/index.js`;

/** Starts `prism mock` on the document, on a free loopback port; resolves once it listens. */
export async function startPrism(timeoutMs = 60_000): Promise<RunningPrism> {
  const port = await freePort();
  // Its own process group, so stop() ends Prism and anything it forked, by this one id.
  const child = spawn(
    process.execPath,
    [prismCli, 'mock', documentPath, '-h', '127.0.0.1', '-p', String(port)],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const stop = async () => {
    const { pid } = child;
    if (child.exitCode !== null || child.signalCode !== null || pid === undefined) return;
    const exited = once(child, 'exit');
    signalGroup(pid, 'SIGTERM');
    // A Prism that ignores SIGTERM must not outlive the test run.
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Prism did not start within ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      const listen = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Prism is listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', listen);
      child.stderr.on('data', listen);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Prism exited with ${code}:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

/** Signals Prism's whole process group; one that is already gone needs no signal. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
