// Checks launchpad config text against a job's JSON schema (draft 2020-12, as the SDK prints it from
// zod) as the user types: JSON syntax first, then every schema violation with its path.
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";

export interface ConfigProblem {
  /** Path segments of the offending value; empty for the whole document. */
  path: string[];
  message: string;
  /** Character offset of a JSON syntax error. */
  offset?: number;
}

export interface ConfigCheck {
  value: unknown;
  problems: ConfigProblem[];
}

const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    const { $schema: _ignored, ...rest } = schema;
    fn = ajv.compile(rest);
    compiled.set(schema, fn);
  }
  return fn;
}

function describe(error: ErrorObject): { path: string[]; message: string } {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  switch (error.keyword) {
    case "additionalProperties": {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      return { path: [...path, extra], message: `“${extra}” is not a known key here` };
    }
    case "required":
      return { path, message: `missing required key “${(error.params as { missingProperty: string }).missingProperty}”` };
    case "type":
      return { path, message: `must be ${(error.params as { type: string }).type}` };
    case "enum":
      return {
        path,
        message: `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`,
      };
    default:
      return { path, message: error.message ?? "is not valid" };
  }
}

function syntaxOffset(text: string, error: Error): number | undefined {
  const match = /position (\d+)/.exec(error.message);
  if (match) return Number(match[1]);
  const lineCol = /line (\d+) column (\d+)/.exec(error.message);
  if (!lineCol) return undefined;
  const lines = text.split("\n");
  let offset = 0;
  for (let i = 0; i < Number(lineCol[1]) - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  return offset + Number(lineCol[2]) - 1;
}

export function checkConfig(text: string, schema: Record<string, unknown> | null): ConfigCheck {
  let value: unknown;
  const trimmed = text.trim();
  if (!trimmed) value = {};
  else {
    try {
      value = JSON.parse(text);
    } catch (error) {
      return {
        value: undefined,
        problems: [
          { path: [], message: `Not valid JSON: ${(error as Error).message}`, offset: syntaxOffset(text, error as Error) },
        ],
      };
    }
  }
  if (!schema) return { value, problems: [] };
  const validate = validatorFor(schema);
  if (validate(value)) return { value, problems: [] };
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = describe(error);
    const key = `${problem.path.join(".")}|${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return { value, problems };
}
