// A basic cron check, enough to reject typos at load time: 5 fields (minute first) or 6 (seconds first).

const MACROS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}
const SECOND: FieldSpec = { name: "second", min: 0, max: 59 };
const FIELDS: FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day of week", min: 0, max: 7, names: DAYS },
];

function value(text: string, spec: FieldSpec): number | null {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= spec.min && n <= spec.max ? n : null;
  }
  const i = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  return i < 0 ? null : i + (spec.names === MONTHS ? 1 : 0);
}

function checkField(text: string, spec: FieldSpec): string | null {
  for (const part of text.split(",")) {
    const [range, step, ...extra] = part.split("/");
    if (extra.length > 0 || range === undefined || range === "") return `bad ${spec.name} "${text}"`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `bad step in ${spec.name} "${text}"`;
    if (range === "*" || range === "?") continue;
    const bounds = range.split("-");
    if (bounds.length > 2) return `bad range in ${spec.name} "${text}"`;
    const nums = bounds.map((b) => value(b, spec));
    if (nums.some((n) => n === null)) return `${spec.name} "${text}" is out of range ${spec.min}-${spec.max}`;
    if (nums.length === 2 && nums[0]! > nums[1]!) return `${spec.name} range "${range}" is reversed`;
  }
  return null;
}

/** Returns why the expression is invalid, or null when it is fine. */
export function cronProblem(expression: string): string | null {
  const trimmed = expression.trim();
  if (MACROS.has(trimmed)) return null;
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return `expected 5 or 6 fields, got ${fields.length}`;
  const specs = fields.length === 6 ? [SECOND, ...FIELDS] : FIELDS;
  for (let i = 0; i < fields.length; i++) {
    const problem = checkField(fields[i]!, specs[i]!);
    if (problem) return problem;
  }
  return null;
}
