// Partition keys of time windows: an instant written as wall-clock time in the partition's time zone
// ("yyyy-MM-dd", "yyyy-MM-dd-HH:mm"), and such wall-clock text read back to an instant.
import { DefinitionError } from "../definitions/definitionError.ts";

const TOKENS = ["yyyy", "MM", "dd", "HH", "mm", "ss"] as const;
type Token = (typeof TOKENS)[number];
type Part = { token: Token } | { literal: string };

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function tokenize(format: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < format.length) {
    const token = TOKENS.find((t) => format.startsWith(t, i));
    if (token) {
      parts.push({ token });
      i += token.length;
    } else if (/[A-Za-z]/.test(format[i]!)) {
      throw new DefinitionError(
        `partition key format "${format}": unknown letter "${format[i]}" at ${i} (use yyyy, MM, dd, HH, mm, ss and punctuation)`,
      );
    } else {
      parts.push({ literal: format[i]! });
      i++;
    }
  }
  if (!parts.some((p) => "token" in p)) throw new DefinitionError(`partition key format "${format}" has no date field`);
  return parts;
}

function formatterFor(timezone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
  } catch {
    throw new DefinitionError(`unknown time zone "${timezone}" (use an IANA name such as "America/New_York" or "UTC")`);
  }
}

/** Reads and writes wall-clock time in one time zone, with one key format. */
export class TimeKeyFormat {
  private readonly parts: Part[];
  private readonly formatter: Intl.DateTimeFormat;
  private readonly pattern: RegExp;

  constructor(
    readonly format: string,
    readonly timezone: string,
  ) {
    this.parts = tokenize(format);
    this.formatter = formatterFor(timezone);
    const source = this.parts
      .map((p) => ("token" in p ? `(\\d{${p.token.length}})` : p.literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    this.pattern = new RegExp(`^${source}$`);
  }

  wallClock(instant: Date): WallClock {
    const parts = this.formatter.formatToParts(instant);
    const value = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return {
      year: value("year"),
      month: value("month"),
      day: value("day"),
      hour: value("hour"),
      minute: value("minute"),
      second: value("second"),
    };
  }

  key(instant: Date): string {
    const w = this.wallClock(instant);
    const field: Record<Token, number> = { yyyy: w.year, MM: w.month, dd: w.day, HH: w.hour, mm: w.minute, ss: w.second };
    return this.parts.map((p) => ("token" in p ? String(field[p.token]).padStart(p.token.length, "0") : p.literal)).join("");
  }

  /** The wall-clock fields of a key, or null when it does not match the format (missing fields: their minimum). */
  parse(key: string): WallClock | null {
    const match = this.pattern.exec(key);
    if (!match) return null;
    const w: WallClock = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    let group = 1;
    for (const p of this.parts) {
      if (!("token" in p)) continue;
      const n = Number(match[group++]);
      if (p.token === "yyyy") w.year = n;
      else if (p.token === "MM") w.month = n;
      else if (p.token === "dd") w.day = n;
      else if (p.token === "HH") w.hour = n;
      else if (p.token === "mm") w.minute = n;
      else w.second = n;
    }
    return w;
  }

  /** The instant showing this wall-clock time in the zone (in a skipped hour: the instant just after the gap). */
  instant(w: WallClock): Date {
    const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    const offsetAt = (t: number) => {
      const s = this.wallClock(new Date(t));
      return Date.UTC(s.year, s.month - 1, s.day, s.hour, s.minute, s.second) - t;
    };
    const first = asUtc - offsetAt(asUtc);
    const second = asUtc - offsetAt(first);
    return new Date(Math.max(first, second));
  }
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** A window bound given as a Date, as "yyyy-MM-dd[ HH:mm[:ss]]" in the zone, or as a key in the format. */
export function readBound(value: Date | string, keyFormat: TimeKeyFormat, what: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new DefinitionError(`${what}: invalid date`);
    return value;
  }
  if (typeof value === "string") {
    const m = WALL_CLOCK.exec(value);
    const w = m
      ? {
          year: Number(m[1]),
          month: Number(m[2]),
          day: Number(m[3]),
          hour: Number(m[4] ?? 0),
          minute: Number(m[5] ?? 0),
          second: Number(m[6] ?? 0),
        }
      : keyFormat.parse(value);
    if (w && w.month >= 1 && w.month <= 12 && w.day >= 1 && w.day <= 31 && w.hour <= 23 && w.minute <= 59) {
      return keyFormat.instant(w);
    }
  }
  throw new DefinitionError(
    `${what}: ${JSON.stringify(value)} is not a date (use a Date, "yyyy-MM-dd", "yyyy-MM-dd HH:mm" or the key format "${keyFormat.format}")`,
  );
}
