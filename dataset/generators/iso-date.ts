const dayMs = 86_400_000;

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * `new Date(ms).toISOString()` without the Date: an account prints a dozen dates, and going through
 * Date took a third of the time to generate one. Days to civil date is Howard Hinnant's
 * `civil_from_days` (chrono-Compatible Low-Level Date Algorithms). Years 0–9999 only, the range
 * where toISOString writes four digits.
 */
export function isoDate(ms: number): string {
  const days = Math.floor(ms / dayMs);
  const inDay = ms - days * dayMs;
  const shifted = days + 719_468; // days since 0000-03-01, so leap days end a year
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(inDay / 3_600_000);
  const minutes = Math.floor(inDay / 60_000) % 60;
  const seconds = Math.floor(inDay / 1000) % 60;
  const millis = inDay % 1000;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}Z`;
}
