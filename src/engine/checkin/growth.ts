// Growth status from the omzet a person reported, oldest first, the sign-up baseline being
// the first report. The average of up to `window` latest reports is compared with the
// average of up to `window` reports before them; the latest ones take as many reports as
// they can while leaving at least one to compare with, so one check-in after sign-up
// already gives a status. Sums are compared in integers so that a change of exactly the
// band is "stagnan" on every machine.

export type GrowthStatus = 'berkembang' | 'stagnan' | 'menurun' | 'belum_cukup_data';

export interface GrowthSettings {
  /** A change of more than this many percent up or down leaves "stagnan". */
  readonly bandPercent: number;
  /** How many reports each average takes at most. */
  readonly window: number;
}

export const DEFAULT_GROWTH: GrowthSettings = { bandPercent: 10, window: 3 };

export interface Growth {
  readonly status: GrowthStatus;
  /** Average omzet of the latest reports and of the ones before them (null without a comparison). */
  readonly recentAverage: number | null;
  readonly previousAverage: number | null;
}

/** How many of `n` reports the latest average and the one before it take (0, 0 below two reports). */
export function growthWindows(n: number, settings: GrowthSettings = DEFAULT_GROWTH): { readonly recent: number; readonly previous: number } {
  if (n < 2) return { recent: 0, previous: 0 };
  const window = Math.max(1, Math.floor(settings.window));
  const recent = Math.min(window, n - 1);
  return { recent, previous: Math.min(window, n - recent) };
}

export function growthStatus(reports: readonly number[], settings: GrowthSettings = DEFAULT_GROWTH): Growth {
  const n = reports.length;
  if (n < 2) return { status: 'belum_cukup_data', recentAverage: null, previousAverage: null };
  const counts = growthWindows(n, settings);
  const recent = reports.slice(n - counts.recent);
  const previous = reports.slice(n - counts.recent - counts.previous, n - counts.recent);
  return {
    status: compare(sum(recent), recent.length, sum(previous), previous.length, settings.bandPercent),
    recentAverage: Math.round(Number(sum(recent)) / recent.length),
    previousAverage: Math.round(Number(sum(previous)) / previous.length),
  };
}

// recent/rn against previous/pn with a band in basis points, all in integers:
// recent·pn·10000 > previous·rn·(10000 + band) means up by more than the band.
function compare(recent: bigint, rn: number, previous: bigint, pn: number, bandPercent: number): GrowthStatus {
  const band = BigInt(Math.round(bandPercent * 100));
  const left = recent * BigInt(pn) * 10_000n;
  const base = previous * BigInt(rn);
  if (left > base * (10_000n + band)) return 'berkembang';
  if (left < base * (10_000n - band)) return 'menurun';
  return 'stagnan';
}

function sum(values: readonly number[]): bigint {
  return values.reduce((total, v) => total + BigInt(Math.round(v)), 0n);
}

export interface OmzetChange {
  readonly rupiah: number;
  /** Null when the previous value was zero: a percentage of nothing means nothing. */
  readonly percent: number | null;
}

export function omzetChange(current: number, previous: number): OmzetChange {
  const rupiah = current - previous;
  if (previous === 0) return { rupiah, percent: null };
  return { rupiah, percent: Math.round((rupiah / previous) * 1000) / 10 };
}
