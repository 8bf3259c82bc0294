// Reading and shaping the orders CSV that ships with the example.
import { readFile } from "node:fs/promises";

export interface Order {
  orderId: number;
  orderedAt: string;
  customer: string;
  product: string;
  quantity: number;
  unitPrice: number;
  status: "paid" | "refunded" | "pending";
}

export interface DailyTotal {
  day: string;
  orders: number;
  revenue: number;
}

export async function readOrdersCsv(path: string): Promise<Order[]> {
  const [header, ...lines] = (await readFile(path, "utf8")).trim().split("\n");
  const columns = header!.split(",");
  return lines.map((line, i) => {
    const cells = line.split(",");
    if (cells.length !== columns.length)
      throw new Error(`${path}:${i + 2}: expected ${columns.length} cells, got ${cells.length}`);
    return {
      orderId: Number(cells[0]),
      orderedAt: cells[1]!,
      customer: cells[2]!,
      product: cells[3]!,
      quantity: Number(cells[4]),
      unitPrice: Number(cells[5]),
      status: cells[6] as Order["status"],
    };
  });
}

export function dailyTotals(orders: Order[]): DailyTotal[] {
  const byDay = new Map<string, DailyTotal>();
  for (const o of orders) {
    const day = o.orderedAt.slice(0, 10);
    const t = byDay.get(day) ?? { day, orders: 0, revenue: 0 };
    t.orders += 1;
    t.revenue = Math.round((t.revenue + o.quantity * o.unitPrice) * 100) / 100;
    byDay.set(day, t);
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
}

export function renderReport(totals: DailyTotal[], title: string): string {
  const lines = [`# ${title}`, "", "| day | orders | revenue |", "| --- | ---: | ---: |"];
  for (const t of totals) lines.push(`| ${t.day} | ${t.orders} | ${t.revenue.toFixed(2)} |`);
  const revenue = totals.reduce((s, t) => s + t.revenue, 0);
  lines.push("", `Total revenue: ${revenue.toFixed(2)}`);
  return `${lines.join("\n")}\n`;
}
