// Dispatches `weir <group> <command>` for the remote commands. Each group module is imported only when
// used, and none imports the server, Prisma or Pothos (except `tokens --instance`, which opens the store).
import { ExitCode, UsageError } from "./remoteContext.ts";

const GROUPS: Record<string, () => Promise<(args: string[]) => Promise<void>>> = {
  runs: async () => (await import("./runsCommand.ts")).runsCommand,
  assets: async () => (await import("./assetsCommand.ts")).assetsCommand,
  schedules: async () => (await import("./instigatorsCommand.ts")).schedulesCommand,
  sensors: async () => (await import("./instigatorsCommand.ts")).sensorsCommand,
  locations: async () => (await import("./locationsCommand.ts")).locationsCommand,
  tokens: async () => (await import("./tokensCommand.ts")).tokensCommand,
};

/** Runs the command and returns the process exit code: 0 ok, 1 failed, 2 bad usage. Never throws. */
export async function runRemoteCommand(argv: string[]): Promise<number> {
  const [group, ...args] = argv;
  const load = GROUPS[group ?? ""];
  try {
    if (!load) throw new UsageError(`unknown command "${group}"`);
    // `weir runs --help` is the group's usage, like `weir runs`.
    await (await load())(args[0] === "--help" || args[0] === "-h" ? [] : args);
    return 0;
  } catch (error) {
    if (error instanceof ExitCode) {
      if (error.message) process.stderr.write(`weir: ${error.message}\n`);
      return error.code;
    }
    const message = (error as Error).message?.split("\n") ?? [String(error)];
    // One line of reason; usage errors add the usage text after it.
    process.stderr.write(
      `weir: ${message[0]}\n${error instanceof UsageError && message.length > 1 ? `${message.slice(1).join("\n")}\n` : ""}`,
    );
    return error instanceof UsageError ? 2 : 1;
  }
}

export async function remoteMain(argv: string[]): Promise<void> {
  const code = await runRemoteCommand(argv);
  // Flush stdout before exiting: a piped `--json` must not lose its tail.
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
  process.exit(code);
}
