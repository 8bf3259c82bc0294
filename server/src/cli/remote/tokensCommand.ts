// `weir tokens create|list|revoke`: through the API (admin token), or with --instance DIR / --local
// straight against the store, which is how the first admin token is made (no server needed).
import type { ApiToken } from "@weir/client";
import { UsageError, parseCommand, remoteContext, requirePositional } from "./remoteContext.ts";
import { paint, print, printJson, table, when } from "./terminalOutput.ts";

export const TOKENS_USAGE = `usage: weir tokens <command> [flags]

  create [NAME] [--role viewer|operator|admin | --admin]   create a token (default role viewer); shown once
  list [--active]                                          tokens (never their secrets)
  revoke ID_OR_PREFIX                                      refuse the token from now on

Through the API this needs an admin token. With --instance DIR (or --local, which uses WEIR_INSTANCE,
WEIR_DATABASE_URL or .weir) it works on the store directly, with no server: how the first admin token is
made. The embedded store allows one process at a time: stop \`weir dev\` first, or set WEIR_ADMIN_TOKEN
when starting the server instead.

flags: --url URL (or WEIR_URL), --token TOKEN (or WEIR_TOKEN), --json`;

interface TokenView {
  id: string;
  name: string;
  role: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

interface TokenBackend {
  create(name: string, role: "VIEWER" | "OPERATOR" | "ADMIN"): Promise<{ token: string; apiToken: TokenView }>;
  list(includeRevoked: boolean): Promise<TokenView[]>;
  revoke(id: string): Promise<TokenView>;
  close(): Promise<void>;
}

async function localBackend(instanceDir: string | undefined): Promise<TokenBackend> {
  const { resolve } = await import("node:path");
  const { openStore } = await import("../../store/openStore.ts");
  const tokens = await import("../../auth/apiTokens.ts");
  const store = await openStore({
    instanceDir: resolve(instanceDir ?? process.env.WEIR_INSTANCE ?? ".weir"),
    databaseUrl: process.env.WEIR_DATABASE_URL ?? null,
  });
  const view = (t: {
    id: string;
    name: string;
    role: string;
    prefix: string;
    createdAt: Date;
    revokedAt: Date | null;
  }): TokenView => ({
    id: t.id,
    name: t.name,
    role: t.role,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    revokedAt: t.revokedAt?.toISOString() ?? null,
  });
  return {
    async create(name, role) {
      const created = await tokens.createApiToken(store, { name, role });
      return { token: created.token, apiToken: view(created.record) };
    },
    list: async (includeRevoked) => (await tokens.listApiTokens(store, { includeRevoked })).map(view),
    revoke: async (id) => view(await tokens.revokeApiToken(store, id)),
    close: () => store.close(),
  };
}

function remoteBackend(ctx: ReturnType<typeof remoteContext>): TokenBackend {
  return {
    create: async (name, role) => (await ctx.client()).createApiToken({ name, role }),
    list: async (includeRevoked) => (await ctx.client()).apiTokens({ includeRevoked }),
    revoke: async (id) => (await ctx.client()).revokeApiToken(id),
    close: async () => {},
  };
}

const ROLES = ["VIEWER", "OPERATOR", "ADMIN"] as const;

export async function tokensCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommand(rest, {
    role: { type: "string" },
    admin: { type: "boolean" },
    active: { type: "boolean" },
    instance: { type: "string" },
    local: { type: "boolean" },
  });
  if (values.help || !sub) return print(TOKENS_USAGE);
  const ctx = remoteContext(values);
  const backend = values.instance || values.local ? await localBackend(values.instance) : remoteBackend(ctx);
  try {
    switch (sub) {
      case "create": {
        const role = (values.admin ? "ADMIN" : (values.role ?? "viewer").toUpperCase()) as (typeof ROLES)[number];
        if (!ROLES.includes(role)) throw new UsageError(`--role must be viewer, operator or admin, got "${values.role}"`);
        if (values.admin && values.role && values.role.toUpperCase() !== "ADMIN")
          throw new UsageError("--admin and --role disagree");
        const created = await backend.create(positionals[0] ?? `${role.toLowerCase()} token`, role);
        if (ctx.json) return printJson(created);
        print(created.token);
        process.stderr.write(
          paint(
            `created ${role.toLowerCase()} token "${created.apiToken.name}" (${created.apiToken.id}); the secret above is shown only this once\n`,
            "dim",
          ),
        );
        return;
      }
      case "list": {
        const tokens: (TokenView | ApiToken)[] = await backend.list(!values.active);
        if (ctx.json) return printJson(tokens);
        if (tokens.length === 0) return print("no tokens");
        return print(
          table(
            ["ID", "NAME", "ROLE", "PREFIX", "CREATED", "REVOKED"],
            tokens.map((t) => [
              t.id,
              t.name,
              t.role.toLowerCase(),
              `${t.prefix}…`,
              when(t.createdAt),
              t.revokedAt ? paint(when(t.revokedAt), "red") : "-",
            ]),
          ),
        );
      }
      case "revoke": {
        const token = await backend.revoke(requirePositional(positionals[0], "ID_OR_PREFIX"));
        return ctx.json ? printJson(token) : print(`revoked token "${token.name}" (${token.id})`);
      }
      default:
        throw new UsageError(`unknown command "tokens ${sub}"\n\n${TOKENS_USAGE}`);
    }
  } finally {
    await backend.close();
  }
}
