// Human-readable sizes, rates and durations for prompts, progress and summaries: every
// command formats them here, so the same quantity reads the same everywhere.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function bytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${UNITS[u]}`;
}

/** MiB with one decimal, without the unit, for "3.0/10.0 MiB" and "120.0 MiB". */
export const mib = (n: number): string => (n / 2 ** 20).toFixed(1);

export const rate = (n: number, seconds: number): string => `${bytes(seconds > 0 ? n / seconds : 0)}/s`;

/** A clock reading, "1:05" or "1:02:05", for progress and estimates. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (x: number): string => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** An elapsed time in words, "12.3 s" or "2 min 0 s", for summaries. */
export function elapsed(seconds: number): string {
  // Rounded before choosing the unit and splitting, so 119.7 s reads "2 min 0 s", not
  // "1 min 60 s", and 59.96 s reads "1 min 0 s", not "60.0 s".
  if (seconds < 59.95) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
