/**
 * The retention rule of automatic versions (lib/db/versions.ts), apart so that the environment parser
 * reads it without loading the store.
 */

/**
 * How automatic versions are thinned with age: each tier keeps, for versions younger than
 * `maxAgeMs`, all of them (`everyMs` 0) or the newest one per `everyMs`. Versions older than the
 * last tier are removed. Named and briefed versions are never thinned.
 */
export interface RetentionPolicy {
  tiers: Array<{ maxAgeMs: number; everyMs: number }>;
}

/** Every automatic version for a day, one an hour for a week, one a day for 90 days, then none. */
export const DEFAULT_VERSION_RETENTION = "1d:all,7d:1h,90d:1d";

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a retention rule such as `1d:all,7d:1h,90d:1d` ("keep all for a day, one per hour up to 7
 * days, one per day up to 90 days, then none"). Ages and intervals take m, h or d. Throws a
 * readable error for anything else.
 */
export function parseRetention(text: string): RetentionPolicy {
  const duration = (part: string): number => {
    const match = /^(\d+(?:\.\d+)?)([mhd])$/.exec(part.trim());
    if (!match) throw new Error(`"${part}" is not a duration such as 30m, 12h or 7d`);
    return Number(match[1]) * UNIT_MS[match[2]];
  };
  const tiers = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [age, keep, extra] = entry.split(":");
      if (keep === undefined || extra !== undefined) throw new Error(`"${entry}" is not <age>:<all|interval>, e.g. 7d:1h`);
      return { maxAgeMs: duration(age), everyMs: keep.trim() === "all" ? 0 : duration(keep) };
    });
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i].maxAgeMs <= tiers[i - 1].maxAgeMs) throw new Error("each age must be longer than the one before it");
  }
  return { tiers };
}
