import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchSession } from './bench-session.ts';
import { summarizeCpuProfile, type ProfileSummary } from './cpu-profile-summary.ts';
import { runLoad } from './load-run.ts';
import type { Workload } from './workloads.ts';

/**
 * Runs a separate mock under `node --cpu-prof` through a warm-up and `seconds` of the workload,
 * and summarizes where its CPU went. The profile file stays in `workDir`, which the caller removes.
 */
export async function profileMock(
  session: BenchSession,
  workload: Workload,
  options: { readonly connections: number; readonly warmupSeconds: number; readonly seconds: number },
  workDir: string,
  root: string,
): Promise<ProfileSummary> {
  const cpuProfileDir = join(workDir, 'profile');
  const { server, base } = await session.launch('mock', { cpuProfileDir });
  const request = session.loadRequest(base, workload);
  try {
    const { connections, warmupSeconds, seconds } = options;
    if (warmupSeconds > 0) await runLoad(request, { connections, seconds: warmupSeconds });
    await runLoad(request, { connections, seconds });
  } finally {
    // SIGTERM lets the mock exit normally, which is when V8 writes the profile.
    await server.stop();
  }
  const [file] = readdirSync(cpuProfileDir).filter((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error('the profiled mock wrote no .cpuprofile');
  // Start-up and warm-up are left out: the profile is of the loaded steady state.
  return summarizeCpuProfile(
    join(cpuProfileDir, file),
    root,
    server.startupMs + options.warmupSeconds * 1000,
  );
}
