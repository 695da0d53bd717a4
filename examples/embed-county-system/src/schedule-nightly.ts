/**
 * A tiny scheduler: runs a job every day at a local time (setTimeout to the first run, then
 * setInterval every 24 hours). Good enough for an example; a real deployment would use cron or
 * its job system and call the same `runNightly()`.
 */

export interface Schedule {
  /** When the next run starts. */
  readonly next: Date;
  stop(): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds from `now` to the next `hh:mm` (local time). */
export function msUntil(time: string, now: Date = new Date()): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!m) throw new Error(`a time of day is hh:mm, got \`${time}\``);
  const at = new Date(now);
  at.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return at.getTime() - now.getTime();
}

/**
 * Calls `job` every day at `time`; a failing run is reported to `onError` and the schedule goes on.
 *
 * @example
 * ```ts
 * const s = scheduleDaily('02:00', () => service.runNightly(), console.error);
 * ```
 */
export function scheduleDaily(time: string, job: () => Promise<unknown>, onError: (e: unknown) => void): Schedule {
  const wait = msUntil(time);
  let interval: NodeJS.Timeout | undefined;
  const fire = (): void => {
    job().catch(onError);
  };
  const first = setTimeout(() => {
    fire();
    interval = setInterval(fire, DAY_MS);
  }, wait);
  return {
    next: new Date(Date.now() + wait),
    stop() {
      clearTimeout(first);
      if (interval) clearInterval(interval);
    },
  };
}
