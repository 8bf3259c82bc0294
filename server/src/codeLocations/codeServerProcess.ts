// One code server child: spawns it, sends requests over the IPC channel with a timeout each, and
// reports its exit. Knows nothing of reloads or statuses; the manager decides what a failure means.
import { spawn, type ChildProcess } from "node:child_process";
import {
  createOutputTail,
  nodeChildArgs,
  weirModulePath,
  workerEnvironment,
  type OutputTail,
  type WorkerEnvSettings,
} from "@weir/launchers";
import { CodeServerCallError, CodeServerExitedError, CodeServerTimeoutError } from "./codeLocationErrors.ts";
import type { CodeServerMethod, CodeServerMethods, CodeServerRequest, CodeServerResponse } from "./codeServerProtocol.ts";

const CODE_SERVER_MAIN = weirModulePath("./codeServerMain", import.meta.url);

export interface CodeServerProcessOptions {
  location: string;
  file: string;
  cwd?: string;
  nodeArgs?: string[];
  /** What the child gets of the server's environment: an allowlist, never all of it (it holds secrets). */
  env?: WorkerEnvSettings;
  /** What user code prints (at import, in sensors); kept as a tail either way. */
  onOutput?: (stream: "stdout" | "stderr", text: string) => void;
}

export interface CodeServerExit {
  exitCode: number | null;
  signal: string | null;
  outputTail: string;
  /** True when we killed it (timeout, reload, dispose). */
  killed: boolean;
}

interface Pending {
  method: CodeServerMethod;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class CodeServerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<CodeServerExit>;
  private readonly pending = new Map<number, Pending>();
  private readonly tail: OutputTail = createOutputTail();
  private nextId = 1;
  private killed = false;
  private exitInfo: CodeServerExit | undefined;

  constructor(private readonly options: CodeServerProcessOptions) {
    this.child = spawn(process.execPath, [...nodeChildArgs(CODE_SERVER_MAIN, options.nodeArgs), options.file], {
      cwd: options.cwd,
      env: workerEnvironment(options.env),
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
    });
    for (const stream of ["stdout", "stderr"] as const) {
      this.child[stream]!.on("data", (chunk: Buffer) => {
        this.tail.push(chunk);
        options.onOutput?.(stream, chunk.toString("utf8"));
      });
    }
    this.child.on("message", (message: CodeServerResponse) => this.onResponse(message));
    this.exited = new Promise((resolve) => {
      const finish = (exitCode: number | null, signal: string | null) => {
        if (this.exitInfo) return;
        this.exitInfo = { exitCode, signal, outputTail: this.tail.text(), killed: this.killed };
        const error = new CodeServerExitedError(
          options.location,
          exitCode,
          signal,
          this.exitInfo.outputTail,
          this.killed ? `Code server of location "${options.location}" was stopped` : undefined,
        );
        for (const [id, pending] of this.pending) {
          clearTimeout(pending.timer);
          this.pending.delete(id);
          pending.reject(error);
        }
        resolve(this.exitInfo);
      };
      // "close" waits for stdio to drain, so the tail holds the child's last words.
      this.child.on("close", finish);
      this.child.on("error", (error) => {
        this.tail.push(`\n${error.message}\n`);
        if (this.child.exitCode === null && this.child.pid === undefined) finish(null, null);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  outputTail(): string {
    return this.tail.text();
  }

  call<M extends CodeServerMethod>(
    method: M,
    params: CodeServerMethods[M]["params"],
    timeoutMs: number,
  ): Promise<CodeServerMethods[M]["result"]> {
    if (this.exitInfo) {
      const { exitCode, signal, outputTail } = this.exitInfo;
      return Promise.reject(new CodeServerExitedError(this.options.location, exitCode, signal, outputTail));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CodeServerTimeoutError(this.options.location, method, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
      const request: CodeServerRequest<M> = { id, method, params };
      this.child.send(request, (error) => {
        if (!error) return;
        const pending = this.pending.get(id);
        if (!pending) return;
        clearTimeout(pending.timer);
        this.pending.delete(id);
        pending.reject(new Error(`Could not send ${method} to code location "${this.options.location}": ${error.message}`));
      });
    });
  }

  /** Kills the child (SIGKILL: a hung user function ignores anything gentler) and waits for it. */
  async kill(): Promise<CodeServerExit> {
    if (!this.exitInfo) {
      this.killed = true;
      this.child.kill("SIGKILL");
    }
    return this.exited;
  }

  private onResponse(message: CodeServerResponse): void {
    const pending = this.pending.get(message.id);
    if (!pending) return; // answered after its timeout
    clearTimeout(pending.timer);
    this.pending.delete(message.id);
    if ("error" in message) pending.reject(new CodeServerCallError(this.options.location, pending.method, message.error));
    else pending.resolve(message.result);
  }
}
