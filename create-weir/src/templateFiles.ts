// The files of a new Weir project, as text. They live in code rather than as files of a template folder so the
// compiled package ships them without TypeScript sources or test files; scaffoldProject.test.ts loads,
// runs, tests and type-checks what they produce.
import type { WeirScriptNames } from "./packageJson.ts";
import { runScriptCommand } from "./packageManager.ts";

export interface TemplateFile {
  /** Path inside the project, with forward slashes. */
  path: string;
  content: string;
  /**
   * What an existing file of that path means in an existing package: "conflict" (Weir's own file: refused
   * unless --force), "keep" (the project's own tsconfig/README stay as they are), "append-lines" (.gitignore:
   * the missing lines are added).
   */
  whenPresent: "conflict" | "keep" | "append-lines";
}

export const JOB_NAME = "refresh_orders";
export const SCHEDULE_NAME = "refresh_orders_daily";

const definitions = `// A Weir code location: its default export is everything Weir shows and runs.
// Add an asset: define it below (its \`ins\` name the assets it reads), then list it in \`assets\`.
import { defineAsset, defineDefinitions, defineJob, defineSchedule } from "@weir/sdk";

interface Order {
  id: number;
  customer: string;
  amount: number;
}

/** A source asset: replace the literal with a query, an API call or a file read. */
const rawOrders = defineAsset({
  key: "raw_orders",
  group: "example",
  description: "Orders as the shop exports them.",
  compute: async (_ins, ctx): Promise<Order[]> => {
    const orders: Order[] = [
      { id: 1, customer: "ada", amount: 30 },
      { id: 2, customer: "grace", amount: 12.5 },
      { id: 3, customer: "ada", amount: 7.5 },
    ];
    ctx.log.info(\`loaded \${orders.length} orders\`);
    return orders;
  },
});

/** Reads raw_orders: Weir runs it afterwards and passes raw_orders' value in as \`orders\` (typed). */
const revenueByCustomer = defineAsset({
  key: "revenue_by_customer",
  group: "example",
  description: "Total order amount per customer.",
  ins: { orders: rawOrders },
  compute: async ({ orders }) => {
    const totals: Record<string, number> = {};
    for (const order of orders) totals[order.customer] = (totals[order.customer] ?? 0) + order.amount;
    return totals;
  },
});

/** A job: what you launch from the UI, from a schedule or with \`weir runs launch ${JOB_NAME}\`. */
const refreshOrders = defineJob({
  name: "${JOB_NAME}",
  description: "Materializes raw_orders, then revenue_by_customer.",
  assets: [rawOrders, revenueByCustomer],
});

export default defineDefinitions({
  assets: [rawOrders, revenueByCustomer],
  jobs: [refreshOrders],
  schedules: [
    // Stopped until you start it: in the UI (Schedules) or with \`weir schedules start ${SCHEDULE_NAME}\`.
    defineSchedule({ name: "${SCHEDULE_NAME}", cron: "0 6 * * *", timezone: "UTC", job: refreshOrders }),
  ],
});
`;

const definitionsTest = `// Runs the job in this process, without a server or database: \`npm test\`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { executeInProcess } from "@weir/sdk";
import definitions from "../definitions.ts";

test("${JOB_NAME} materializes raw_orders, then revenue_by_customer", async () => {
  const result = await executeInProcess(definitions, { job: "${JOB_NAME}" });

  const failures = result.events.filter((e) => e.type === "STEP_FAILURE" || e.type === "RUN_FAILURE");
  assert.equal(result.success, true, failures.map((e) => e.message).join("\\n"));
  assert.equal(result.events.at(-1)?.type, "RUN_SUCCESS");
  assert.equal((result.outputs.raw_orders as unknown[]).length, 3);
  assert.deepEqual(result.outputs.revenue_by_customer, { ada: 37.5, grace: 12.5 });
});
`;

const weirConfig = `// How \`weir dev\` (and \`weir server\`) run this project. Flags and WEIR_* environment variables win over it.
import type { WeirConfigInput } from "@weir/server";

export default {
  // The code locations: modules whose default export is defineDefinitions({...}).
  locations: [{ name: "pipelines", file: "./definitions.ts" }],
  // Embedded database, stored asset values and logs (git-ignored). Set WEIR_DATABASE_URL=postgres://...
  // to use a PostgreSQL server instead.
  instanceDir: ".weir",
} satisfies WeirConfigInput;
`;

// No verbatimModuleSyntax: `weir init` may add these files to a CommonJS package (what `npm init -y` makes), where
// tsx runs them as CommonJS and the option would reject their import statements.
const tsconfig = `{
  "compilerOptions": {
    "target": "ES2023",
    "lib": ["ES2023"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": true,
    "noEmit": true,
    "allowImportingTsExtensions": true,
    "isolatedModules": true,
    "types": ["node"]
  },
  "include": ["*.ts", "test"]
}
`;

const gitignore = `node_modules
.weir
`;

function readme(name: string, scripts: WeirScriptNames): string {
  const dev = runScriptCommand("npm", scripts.dev).padEnd(16);
  const test = runScriptCommand("npm", scripts.test).padEnd(16);
  return `# ${name}

Data pipelines orchestrated by [Weir](https://www.npmjs.com/package/@weir/sdk).

## Next steps

\`\`\`sh
npm install
${dev} # weir dev: the API, the scheduler and the web UI, on an embedded database in .weir/
\`\`\`

Open the web UI at http://127.0.0.1:3001 (the address \`weir web listening on ...\` prints): the Assets page shows
\`raw_orders\` feeding \`revenue_by_customer\`; launch the \`${JOB_NAME}\` job from the Jobs page and watch its run
live. The API and GraphiQL are at http://127.0.0.1:3000/graphql.

\`\`\`sh
${test} # runs the job in-process with executeInProcess (test/definitions.test.ts)
npx tsc --noEmit # type-checks definitions.ts and the test
\`\`\`

## Where things go

| file                       | what it holds                                                                  |
| -------------------------- | ------------------------------------------------------------------------------ |
| \`definitions.ts\`           | assets, jobs and schedules; its default export is the code location            |
| \`weir.config.ts\`           | how \`weir dev\` runs: code locations, instance directory, launcher, ports       |
| \`test/definitions.test.ts\` | runs the job without a server; add a test per asset or job                      |
| \`.weir/\`                   | the embedded database and stored asset values (git-ignored; delete to restart) |

Add an asset with \`defineAsset({ key, ins, compute })\` in \`definitions.ts\` and list it in \`assets\` (and in a
job); the UI picks up the change when you press Reload on the Code locations page. Start the
\`${SCHEDULE_NAME}\` schedule on the Schedules page to run the job every morning at 06:00 UTC.

## Concepts

- **Assets**: data you want to exist, and the function that computes it from upstream assets.
- **Jobs**: what you launch; a job runs a set of assets (or ops) in dependency order.
- **Schedules** and **sensors**: launch jobs on a cron, or when something changes.
- **Runs**: every launch, with its events and logs, stored and shown in the UI.

The \`@weir/sdk\` README (in \`node_modules/@weir/sdk\`) documents each of them, and \`npx weir --help\` lists the
commands.
`;
}

/** The project's files besides package.json (which is written or merged separately). */
export function templateFiles(name: string, scripts: WeirScriptNames): TemplateFile[] {
  return [
    { path: "weir.config.ts", content: weirConfig, whenPresent: "conflict" },
    { path: "definitions.ts", content: definitions, whenPresent: "conflict" },
    { path: "test/definitions.test.ts", content: definitionsTest, whenPresent: "conflict" },
    { path: "tsconfig.json", content: tsconfig, whenPresent: "keep" },
    { path: "README.md", content: readme(name, scripts), whenPresent: "keep" },
    { path: ".gitignore", content: gitignore, whenPresent: "append-lines" },
  ];
}
