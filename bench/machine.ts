import { cpus, platform, release, totalmem } from 'node:os';

export interface Machine {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly nodeVersion: string;
  readonly os: string;
  readonly memoryBytes: number;
}

/** What the figures were measured on: they hold for this machine only. */
export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuCount: list.length,
    nodeVersion: process.version,
    os: `${platform()} ${release()}`,
    memoryBytes: totalmem(),
  };
}
