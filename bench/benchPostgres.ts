// A fresh PostgreSQL database for a benchmark: on WEIR_TEST_DATABASE_URL's cluster, or on a throwaway
// cluster started (and stopped afterwards) with scripts/postgres-test-cluster.sh.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";

const clusterScript = fileURLToPath(new URL("../scripts/postgres-test-cluster.sh", import.meta.url));

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  let serverUrl = process.env.WEIR_TEST_DATABASE_URL;
  let startedCluster = false;
  if (!serverUrl) {
    execFileSync("bash", [clusterScript, "start"], { stdio: ["ignore", "ignore", "inherit"] });
    serverUrl = execFileSync("bash", [clusterScript, "url"], { encoding: "utf8" }).trim();
    startedCluster = true;
  }
  const name = `weir_bench_${label}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      if (startedCluster) execFileSync("bash", [clusterScript, "stop"], { stdio: "ignore" });
    },
  };
}
