// The `weir` command line.
import { parseArgs } from "node:util";
import { ConfigError, LAUNCHER_KINDS, resolveConfig } from "../config/weirConfig.ts";

const USAGE = `usage: weir <command> [flags]

commands:
  dev        API, run dispatcher and web UI in one process, on the embedded store by default
  server     the API server (with the daemon only on the embedded store, or with --with-daemon)
  daemon     the daemon alone: run queue, schedules, sensors, run monitor (needs WEIR_DATABASE_URL)
  web        the web UI alone, for the API at --url (or WEIR_URL)
  migrate    apply pending database migrations and exit
  schema     print the GraphQL schema (SDL)
  init [--dir DIR] [--force]
             add Weir to the package in DIR (default .): weir.config.ts, definitions.ts, a test, npm scripts
  docker build-image [--tag T] [--definitions FILE]
             build the docker launcher's worker image without a registry
  runs | assets | schedules | sensors | locations | tokens ...
             remote commands against a running API (weir runs --help)

flags:
  --definitions FILE   a code location (repeatable; default ./definitions.ts when present)
  --instance DIR       instance directory: embedded store, IO-manager files (default .weir)
  --port N             API port (0 = any free port; default 3000)
  --host HOST          address to listen on (default 127.0.0.1)
  --web-port N         web UI port (default 3001; 0 = any free port, the default when --port is 0)
  --url URL            the API a \`weir web\` UI talks to (default WEIR_URL, else http://127.0.0.1:3000/graphql)
  --launcher KIND      ${LAUNCHER_KINDS.join(" | ")} | path to a launcher module
  --config FILE        weir.config.ts to read (default ./weir.config.ts when present)
  --auth on|off        require API tokens (default: off for \`weir dev\` on loopback, on otherwise)
  --insecure           allow serving without auth on a non-loopback address
  --with-daemon        \`weir server\` also runs the daemon
  --force              \`weir init\` overwrites Weir's files (weir.config.ts, definitions.ts, its test) when present
  --log-format F       pretty | json (default: pretty on a terminal, json otherwise; or WEIR_LOG_FORMAT)
Environment: WEIR_DATABASE_URL (PostgreSQL instead of the embedded store), WEIR_INSTANCE, WEIR_PORT,
WEIR_HOST, WEIR_LAUNCHER, WEIR_CONFIG, WEIR_DAEMON (on|off), WEIR_LOG_LEVEL, WEIR_LOG_FORMAT, WEIR_AUTH, WEIR_INSECURE, WEIR_ADMIN_TOKEN (a bootstrap admin token).`;

async function main(argv: string[]): Promise<void> {
  // Remote commands parse their own flags and load only the client (bin/weir.js routes them even earlier).
  const { isRemoteCommand } = await import("./remote/remoteCommands.ts");
  if (isRemoteCommand(argv[0])) return (await import("./remote/remoteMain.ts")).remoteMain(argv);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      definitions: { type: "string", multiple: true },
      instance: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      "web-port": { type: "string" },
      launcher: { type: "string" },
      config: { type: "string" },
      tag: { type: "string" },
      url: { type: "string" },
      auth: { type: "string" },
      insecure: { type: "boolean" },
      "with-daemon": { type: "boolean" },
      dir: { type: "string" },
      force: { type: "boolean" },
      "log-format": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command] = positionals;
  const flags = {
    definitions: values.definitions,
    instance: values.instance,
    port: values.port,
    host: values.host,
    webPort: values["web-port"],
    launcher: values.launcher,
    config: values.config,
    withDaemon: values["with-daemon"],
    logFormat: values["log-format"],
  };
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  switch (command) {
    case "daemon": {
      const { daemonCommand } = await import("./daemonCommand.ts");
      return daemonCommand(flags);
    }
    case "dev":
    case "server":
      // Loaded on demand, as every command is: `weir init` or `weir migrate` need not load the API server.
      return (await import("./serveCommand.ts")).serveCommand(command, flags, { auth: values.auth, insecure: values.insecure });
    case "web":
      return (await import("./serveCommand.ts")).webCommand({ ...flags, url: values.url });
    case "migrate": {
      const config = await resolveConfig(flags);
      const { openStore } = await import("../store/openStore.ts");
      const store = await openStore({ instanceDir: config.instanceDir, databaseUrl: config.databaseUrl ?? null });
      console.log(`migrations applied to ${store.describe}`);
      await store.close();
      return;
    }
    case "schema": {
      const { printWeirSchema } = await import("../graphql/schema.ts");
      process.stdout.write(printWeirSchema());
      return;
    }
    case "init": {
      const { initCommand } = await import("./initCommand.ts");
      return initCommand({ dir: values.dir ?? positionals[1], force: values.force });
    }
    case "docker": {
      const { dockerCommand } = await import("./dockerImageCommand.ts");
      return dockerCommand(positionals[1], { ...flags, tag: values.tag });
    }
    default:
      throw new ConfigError("the command line", `unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`weir: ${error.message}`);
  process.exit(1);
});
