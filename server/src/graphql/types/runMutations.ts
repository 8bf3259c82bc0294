import {
  AssetNotFoundError,
  CodeLocationError,
  InvalidConfigError,
  InvalidPartitionSelectionError,
  JobNotFoundError,
  PartitionNotFoundError,
  ReexecutionNotPossibleError,
  RunInProgressError,
  RunNotFoundError,
  RunNotTerminableError,
} from "../../errors.ts";
import { roleAllows } from "../../auth/roles.ts";
import { builder } from "../builder.ts";
import { ReexecutionStrategyEnum } from "./enums.ts";
import { RunType } from "./runTypes.ts";
import { TagInput, tagsFromInput } from "./tagTypes.ts";

/** The run mutations and their inputs and results. */
export function registerRunMutations(): void {
  const PartitionKeyRangeInput = builder.inputType("PartitionKeyRangeInput", {
    description: "A range of partition keys, both ends included.",
    fields: (t) => ({ start: t.string({ required: true }), end: t.string({ required: true }) }),
  });
  const partitionFields = {
    partitionKey: { description: "The partition to materialize (a partitioned target needs one, or a range)." },
    partitionKeyRange: {
      description: 'A range of partitions materialized by one run (every partitioned asset needs backfillPolicy: "singleRun").',
    },
  };
  const LaunchRunInput = builder.inputType("LaunchRunInput", {
    fields: (t) => ({
      job: t.string({ required: true }),
      config: t.field({
        type: "JSON",
        required: false,
        description: "Run config: { ops: { <step>: {...} }, resources: {...} }.",
      }),
      tags: t.field({ type: [TagInput], required: false }),
      priority: t.int({ required: false, description: "Higher runs first; default 0." }),
      partitionKey: t.string({ required: false, ...partitionFields.partitionKey }),
      partitionKeyRange: t.field({ type: PartitionKeyRangeInput, required: false, ...partitionFields.partitionKeyRange }),
    }),
  });

  const MaterializeAssetsInput = builder.inputType("MaterializeAssetsInput", {
    fields: (t) => ({
      keys: t.stringList({ required: true }),
      partition: t.string({ required: false, deprecationReason: "Use partitionKey." }),
      partitionKey: t.string({ required: false, ...partitionFields.partitionKey }),
      partitionKeyRange: t.field({ type: PartitionKeyRangeInput, required: false, ...partitionFields.partitionKeyRange }),
      tags: t.field({ type: [TagInput], required: false }),
    }),
  });

  function resultNames(union: string, success: string) {
    return { union: { name: union }, result: { name: success }, dataField: { name: "run" } };
  }

  const DeletedRun = builder.objectRef<{ runId: string }>("DeleteRunSuccess").implement({
    fields: (t) => ({ deletedRunId: t.exposeString("runId") }),
  });

  builder.mutationFields((t) => ({
    launchRun: t.field({
      type: RunType,
      description: "Validates the config, stores the run QUEUED and returns at once.",
      args: { input: t.arg({ type: LaunchRunInput, required: true }) },
      errors: {
        types: [JobNotFoundError, InvalidConfigError, CodeLocationError, PartitionNotFoundError, InvalidPartitionSelectionError],
        ...resultNames("LaunchRunResult", "LaunchRunSuccess"),
      },
      resolve: (_root, { input }, ctx) =>
        ctx.instance.launchRun({
          job: input.job,
          config: input.config ?? {},
          tags: tagsFromInput(input.tags),
          priority: input.priority ?? 0,
          partitionKey: input.partitionKey ?? null,
          partitionKeyRange: input.partitionKeyRange ?? null,
          allowReservedTags: roleAllows(ctx.principal.role, "ADMIN"),
        }),
    }),
    materializeAssets: t.field({
      type: RunType,
      args: { input: t.arg({ type: MaterializeAssetsInput, required: true }) },
      errors: {
        types: [AssetNotFoundError, CodeLocationError, PartitionNotFoundError, InvalidPartitionSelectionError],
        ...resultNames("MaterializeAssetsResult", "MaterializeAssetsSuccess"),
      },
      resolve: (_root, { input }, ctx) =>
        ctx.instance.materializeAssets({
          keys: input.keys,
          partition: input.partition ?? null,
          partitionKey: input.partitionKey ?? null,
          partitionKeyRange: input.partitionKeyRange ?? null,
          tags: tagsFromInput(input.tags),
          allowReservedTags: roleAllows(ctx.principal.role, "ADMIN"),
        }),
    }),
    terminateRun: t.field({
      type: RunType,
      args: { id: t.arg.id({ required: true }) },
      errors: { types: [RunNotFoundError, RunNotTerminableError], ...resultNames("TerminateRunResult", "TerminateRunSuccess") },
      resolve: (_root, args, ctx) => ctx.instance.terminateRun(String(args.id)),
    }),
    reexecuteRun: t.field({
      type: RunType,
      args: { id: t.arg.id({ required: true }), strategy: t.arg({ type: ReexecutionStrategyEnum, required: true }) },
      errors: {
        types: [RunNotFoundError, ReexecutionNotPossibleError, JobNotFoundError, CodeLocationError],
        ...resultNames("ReexecuteRunResult", "ReexecuteRunSuccess"),
      },
      resolve: (_root, args, ctx) => ctx.instance.reexecuteRun(String(args.id), args.strategy),
    }),
    deleteRun: t.field({
      type: DeletedRun,
      authScopes: { admin: true },
      args: { id: t.arg.id({ required: true }) },
      errors: { types: [RunNotFoundError, RunInProgressError], union: { name: "DeleteRunResult" }, directResult: true },
      resolve: async (_root, args, ctx) => ({ runId: await ctx.instance.deleteRun(String(args.id)) }),
    }),
  }));
}
