import { DEFAULT_THRESHOLDS } from '../../apps/accountability/src/signals/thresholds.js';
import type { PleinUnderTest } from './plein.js';

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const clock = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;

/**
 * Sets an organisation's misuse thresholds through its security officer, its office hours either
 * open all day or closed at this moment (two hours from now, for two hours) — so a test or a
 * benchmark shows an out-of-hours lookup whenever it runs.
 */
export async function setOfficeHours(
  plein: PleinUnderTest,
  officer: string,
  office: 'open all day' | 'closed now',
  overrides: Partial<typeof DEFAULT_THRESHOLDS> = {},
): Promise<void> {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' }).format(new Date()),
  );
  const officeHours =
    office === 'open all day'
      ? { from: '00:00', to: '24:00', days: ALL_DAYS }
      : { from: clock(hour + 2), to: clock(hour + 4), days: ALL_DAYS };
  const res = await plein.gql(officer, 'mutation($i: MisuseThresholdsInput!) { setMisuseThresholds(input: $i) { timeZone } }', {
    i: { ...DEFAULT_THRESHOLDS, ...overrides, officeHours },
  });
  if (res.errors) throw new Error(`${officer} could not set thresholds: ${res.errors[0]!.message}`);
}
