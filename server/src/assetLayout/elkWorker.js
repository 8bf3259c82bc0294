// ELK in a worker thread: its first layout in a process runs cold (unoptimised) code for seconds, which
// must not hold up the API's event loop. Plain JavaScript, so the worker needs no TypeScript loader.
import { parentPort } from "node:worker_threads";
import ELK from "elkjs/lib/elk.bundled.js";

const elk = new ELK();
parentPort.on("message", (graph) =>
  elk.layout(graph).then(
    (laidOut) => parentPort.postMessage({ graph: laidOut }),
    (error) => parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  ),
);
