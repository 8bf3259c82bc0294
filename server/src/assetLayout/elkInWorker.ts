// Runs one ELK layout in a fresh worker thread (see elkWorker.js), so a cold ELK never blocks requests.
import { Worker } from "node:worker_threads";

export interface ElkGraph {
  id: string;
  layoutOptions?: Record<string, string>;
  children?: { id: string; width: number; height: number; x?: number; y?: number }[];
  edges?: { id: string; sources: string[]; targets: string[] }[];
}

export interface ElkJob {
  result: Promise<ElkGraph>;
  /** Stops the worker (e.g. on shutdown); the result then rejects. */
  cancel(): void;
}

export function layoutInWorker(graph: ElkGraph): ElkJob {
  let worker: Worker;
  try {
    // No inherited flags: the worker is plain JavaScript, and a TypeScript loader would only slow its start.
    worker = new Worker(new URL("./elkWorker.js", import.meta.url), { execArgv: [] });
  } catch (error) {
    return { result: Promise.reject(error as Error), cancel: () => undefined };
  }
  // A layout still running must not keep the process alive.
  worker.unref();
  const result = new Promise<ElkGraph>((resolve, reject) => {
    worker.once("message", (reply: { graph?: ElkGraph; error?: string }) =>
      reply.graph ? resolve(reply.graph) : reject(new Error(reply.error ?? "ELK gave no layout")),
    );
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the layout worker exited (code ${code})`)));
  }).finally(() => void worker.terminate());
  worker.postMessage(graph);
  return { result, cancel: () => void worker.terminate() };
}
