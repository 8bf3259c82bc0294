// A plain-words reading of the common cron shapes ("0 2 * * *" -> "every day at 02:00").
export function cronText(cron: string): string {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return cron;
  const [min, hour, dom, mon, dow] = parts as [string, string, string, string, string];
  const num = (s: string) => /^\d+$/.test(s);
  const at = num(min) && num(hour) ? `at ${hour.padStart(2, "0")}:${min.padStart(2, "0")}` : null;
  if (min === "*" && hour === "*" && dom === "*" && mon === "*" && dow === "*") return "every minute";
  if (/^\*\/\d+$/.test(min) && hour === "*" && dom === "*" && mon === "*" && dow === "*") return `every ${min.slice(2)} minutes`;
  if (num(min) && hour === "*" && dom === "*" && mon === "*" && dow === "*") return `every hour at :${min.padStart(2, "0")}`;
  if (at && dom === "*" && mon === "*" && dow === "*") return `every day ${at}`;
  const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  if (at && dom === "*" && mon === "*" && num(dow)) return `every ${days[Number(dow) % 7]} ${at}`;
  if (at && dom === "*" && mon === "*" && dow === "1-5") return `weekdays ${at}`;
  if (at && num(dom) && mon === "*" && dow === "*") return `day ${dom} of every month ${at}`;
  return cron;
}
