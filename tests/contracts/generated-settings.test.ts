import { expect, it } from 'vitest';
import { parseSettings, UsageError, type Settings } from '../../contracts/settings.ts';

const base = ['--base-url', 'https://t1.sandbox.mozu.com/api', '--token', 't0ken'];
const rules = { basePath: '/api' };

function settingsOf(argv: string[], env: Record<string, string> = {}): Settings {
  const parsed = parseSettings([...base, ...argv], env, rules);
  if (parsed.help) throw new Error('expected settings, got --help');
  return parsed.settings;
}

it('reads --seed, --max-examples and --min-coverage, from flags or the environment', () => {
  expect(settingsOf(['--seed', '42', '--max-examples', '5', '--min-coverage', '60'])).toMatchObject({
    seed: 42,
    maxExamples: 5,
    minCoverage: 60,
  });
  expect(
    settingsOf([], { CONTRACTS_SEED: '7', CONTRACTS_MAX_EXAMPLES: '3', CONTRACTS_MIN_COVERAGE: '55.5%' }),
  ).toMatchObject({ seed: 7, maxExamples: 3, minCoverage: 55.5 });
});

it('leaves them unset when not given, for the defaults to apply', () => {
  const settings = settingsOf([]);
  expect(settings.seed).toBeUndefined();
  expect(settings.maxExamples).toBeUndefined();
  expect(settings.minCoverage).toBeUndefined();
});

it.each([
  [['--seed=-1'], '--seed must be a whole number'],
  [['--seed', 'abc'], '--seed must be a whole number'],
  [['--max-examples', '0'], '--max-examples must be a whole number from 1'],
  [['--min-coverage', '120'], '--min-coverage must be a percentage from 0 to 100'],
])('refuses %j as a usage error', (argv, message) => {
  expect(() => settingsOf(argv)).toThrow(UsageError);
  expect(() => settingsOf(argv)).toThrow(message);
});
