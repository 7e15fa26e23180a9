import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Examples import the package by its name, as a frontend does; here each entry resolves to its
// source, read from package.json's exports (the `kibo-source` condition tsc uses too).
const manifest = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  name: string;
  exports: Record<string, string | Record<string, string>>;
};
const alias = Object.entries(manifest.exports).flatMap(([entry, target]) =>
  typeof target === 'object' && target['kibo-source']
    ? [
        {
          find: new RegExp(
            `^${`${manifest.name}${entry.slice(1)}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`,
          ),
          replacement: new URL(target['kibo-source'], import.meta.url).pathname,
        },
      ]
    : [],
);

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['tests/**/*.test.ts'],
    // Real-socket tests and the spawned Prism peer need more than the default 5 s on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
