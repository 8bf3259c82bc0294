// The quickstart code location: orders CSV -> cleaned orders -> daily totals -> a Markdown report.
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { defineAsset, defineDefinitions, defineJob, defineOp, defineSchedule, defineSensor } from "@weir/sdk";
import { dailyTotals, readOrdersCsv, renderReport } from "./orders.ts";

const here = dirname(fileURLToPath(import.meta.url));
const ordersCsv = join(here, "data", "orders.csv");

const rawOrders = defineAsset({
  key: "raw/orders",
  group: "sales",
  description: "Orders as exported by the shop, one row per order line.",
  compute: async (_ins, ctx) => {
    const orders = await readOrdersCsv(ordersCsv);
    ctx.log.info(`read ${orders.length} orders from ${ordersCsv}`);
    return orders;
  },
});

const cleanedOrders = defineAsset({
  key: "cleaned_orders",
  group: "sales",
  description: "Paid orders with a positive quantity.",
  ins: { orders: rawOrders },
  compute: async ({ orders }, ctx) => {
    const cleaned = orders.filter((o) => o.status === "paid" && o.quantity > 0);
    ctx.log.info(`kept ${cleaned.length} of ${orders.length} orders`);
    return cleaned;
  },
});

const dailyTotalsAsset = defineAsset({
  key: "daily_totals",
  group: "sales",
  description: "Revenue and order count per day.",
  ins: { orders: cleanedOrders },
  retry: { maxRetries: 3, delayMs: 200, backoff: "exponential", jitter: "full" },
  compute: async ({ orders }) => dailyTotals(orders),
});

const salesReport = defineAsset({
  key: "sales_report",
  group: "reporting",
  description: "A Markdown report of daily revenue.",
  ins: { totals: dailyTotalsAsset },
  compute: async ({ totals }, ctx) => {
    console.log(`rendering ${totals.length} days`);
    return renderReport(totals, `Sales report (${ctx.runId})`);
  },
});

// An op-based job with config, the shape a launchpad edits.
const loadOrders = defineOp({
  name: "load_orders",
  config: z.object({ minQuantity: z.number().int().min(0).default(1) }),
  run: async (_ins, ctx) => {
    const orders = await readOrdersCsv(ordersCsv);
    return orders.filter((o) => o.quantity >= ctx.config.minQuantity);
  },
});

const summarize = defineOp({
  name: "summarize",
  ins: { orders: loadOrders },
  run: async ({ orders }, ctx) => {
    const totals = dailyTotals(orders);
    ctx.log.info(`${totals.length} days, ${orders.length} orders`);
    return totals;
  },
});

const writeReport = defineOp({
  name: "write_report",
  config: z.object({ outputDir: z.string().default("reports"), title: z.string().default("Daily orders") }),
  ins: { totals: summarize },
  run: async ({ totals }, ctx) => {
    const dir = join(here, ".weir", ctx.config.outputDir);
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${ctx.runId}.md`);
    await writeFile(file, renderReport(totals, ctx.config.title));
    ctx.log.info(`wrote ${file}`);
    return file;
  },
});

const dailyReport = defineJob({
  name: "daily_report",
  description: "Loads the orders CSV, sums it per day and writes a Markdown report.",
  ops: [loadOrders, summarize, writeReport],
  tags: { team: "sales" },
});

const salesAssets = defineJob({
  name: "refresh_sales",
  description: "Materializes every sales asset.",
  assets: [rawOrders, cleanedOrders, dailyTotalsAsset, salesReport],
});

export default defineDefinitions({
  assets: [rawOrders, cleanedOrders, dailyTotalsAsset, salesReport],
  jobs: [dailyReport, salesAssets],
  schedules: [
    defineSchedule({
      name: "nightly_report",
      cron: "0 2 * * *",
      timezone: "Europe/Paris",
      job: dailyReport,
      config: (tick) => ({ ops: { write_report: { title: `Orders up to ${tick.scheduledTime.toISOString().slice(0, 10)}` } } }),
    }),
  ],
  sensors: [
    defineSensor({
      name: "orders_file_changed",
      intervalSeconds: 30,
      job: salesAssets,
      evaluate: async ({ cursor }) => {
        const mtime = String((await stat(ordersCsv)).mtimeMs);
        if (mtime === cursor) return { skipReason: "orders.csv unchanged", cursor };
        return { runRequests: [{ runKey: `orders-${mtime}` }], cursor: mtime };
      },
    }),
  ],
});
