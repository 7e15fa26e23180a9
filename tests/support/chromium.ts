import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, which .ci/run installs when it is missing. */
export const chromiumPath = '/usr/bin/chromium';

/** Where screenshots go: test-results/ (gitignored), kept after the run as artifacts. */
export const artifactsDir = join(import.meta.dirname, '..', '..', 'test-results');

/** Headless Chromium as every browser test here runs it (loopback only, no background traffic). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: apt-get update && apt-get install -y chromium (as .ci/run does)`,
    );
  }
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
