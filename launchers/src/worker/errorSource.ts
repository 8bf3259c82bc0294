// Finds where in user code an error points (file and line), so a broken code location can say
// "definitions.ts:12" instead of only a message. Works from V8 stacks and esbuild's transform errors.
import { fileURLToPath } from "node:url";

export interface ErrorSource {
  file: string;
  line: number;
  column?: number;
}

// Matches "/abs/path/file.ts:12:5" and "file:///abs/path/file.ts:12:5" (esbuild prints "path:line:col: ERROR").
const LOCATION = /((?:file:\/\/)?\/[^\s():'"]+?\.(?:[cm]?[jt]sx?)):(\d+)(?::(\d+))?/g;

/**
 * The first position in user code the error mentions. `preferFile` wins when it appears (the code
 * location's own module); otherwise the first frame outside node_modules and Node internals.
 */
export function findErrorSource(error: unknown, preferFile?: string): ErrorSource | undefined {
  const texts: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) {
      texts.push(current.message, current.stack ?? "");
      current = current.cause;
    } else if (typeof current === "string") {
      texts.push(current);
      break;
    } else break;
  }
  const candidates: ErrorSource[] = [];
  for (const text of texts) {
    for (const match of text.matchAll(LOCATION)) {
      const raw = match[1];
      const file = raw.startsWith("file://") ? safeFileURLToPath(raw) : raw;
      if (!file || file.includes("/node_modules/")) continue;
      candidates.push({ file, line: Number(match[2]), column: match[3] ? Number(match[3]) : undefined });
    }
  }
  if (preferFile) {
    const preferred = candidates.find((c) => c.file === preferFile);
    if (preferred) return preferred;
  }
  return candidates.find((c) => !isWeirInternal(c.file));
}

function safeFileURLToPath(url: string): string | undefined {
  try {
    return fileURLToPath(url.split("?")[0]);
  } catch {
    return undefined;
  }
}

// Frames from Weir's own loaders are never where the user's mistake is.
function isWeirInternal(file: string): boolean {
  return /\/(launchers|server|sdk)\/src\//.test(file) && !/\/test\//.test(file);
}
