// Compile-time checks (run by `tsc -p sdk/tsconfig.json`): step inputs are typed from `ins`,
// ctx.config from the zod `config` schema. Each @ts-expect-error must stay an error.
import { z } from "zod";
import {
  allPartitions,
  dailyPartitions,
  defineAsset,
  defineOp,
  defineResource,
  timeWindow,
  type AssetDef,
  type OpDef,
} from "../src/index.ts";

interface Order {
  id: string;
  amount: number;
}

const orders = defineAsset({ key: "raw/orders", compute: async (): Promise<Order[]> => [] });
const ordersDef: AssetDef<Order[]> = orders;

export const totals = defineAsset({
  key: "daily_totals",
  ins: { orders },
  compute: ({ orders }) => {
    const sum: number = orders.reduce((s, o) => s + o.amount, 0);
    // @ts-expect-error amount is a number, not a string
    const wrong: string = orders[0]!.amount;
    return { sum, wrong };
  },
});

export const unknownInput = defineAsset({
  key: "unknown_input",
  ins: { orders },
  // @ts-expect-error there is no input named "customers"
  compute: ({ orders, customers }) => [orders, customers],
});

export const totalsBad = defineAsset({
  key: "bad",
  ins: { orders },
  // @ts-expect-error the orders input is Order[], not string[]
  compute: ({ orders }: { orders: string[] }) => orders.length,
});

export const configured = defineOp({
  name: "fetch",
  config: z.object({ url: z.string(), retries: z.number().default(3) }),
  run: (_ins, ctx) => {
    const url: string = ctx.config.url;
    const retries: number = ctx.config.retries;
    // @ts-expect-error no such config field
    void ctx.config.port;
    return { url, retries };
  },
});

export const parse = defineOp({
  name: "parse",
  ins: { raw: configured },
  run: ({ raw }) => {
    const n: number = raw.retries;
    // @ts-expect-error url is a string
    const bad: number = raw.url;
    return n + bad;
  },
});
const parseDef: OpDef<number> = parse;

export const noConfig = defineOp({
  name: "plain",
  run: (_ins, ctx) => {
    const c: undefined = ctx.config;
    return c;
  },
});

export const db = defineResource({
  config: z.object({ dsn: z.string() }),
  create: (cfg) => ({ dsn: cfg.dsn.toUpperCase() }),
  teardown: (r) => void r.dsn,
});

void ordersDef;
void parseDef;

// An input given as { asset, partitionMapping } keeps the upstream's type.
export const previousDay = defineAsset({
  key: "previous_day",
  partitions: dailyPartitions({ start: "2024-01-01" }),
  ins: { orders: { asset: orders, partitionMapping: timeWindow({ offset: -1 }) }, totals },
  compute: ({ orders, totals }) => {
    const amount: number = orders[0]!.amount;
    const sum: number = totals.sum;
    // @ts-expect-error orders is Order[], not a string
    const wrong: string = orders;
    return amount + sum + wrong.length;
  },
});
const previousDayDef: AssetDef<number> = previousDay;

export const mappedUnknown = defineAsset({
  key: "mapped_unknown",
  ins: { orders: { asset: orders, partitionMapping: allPartitions() } },
  // @ts-expect-error there is no input named "customers"
  compute: ({ customers }) => customers,
});

void previousDayDef;
