// Errors a caller can act on, as object types that mutation result unions include.
import {
  AssetNotFoundError,
  CodeLocationError,
  CodeLocationNotFoundError,
  InstigatorNotFoundError,
  InvalidConfigError,
  InvalidPartitionSelectionError,
  JobNotFoundError,
  PartitionNotFoundError,
  ReexecutionNotPossibleError,
  RunInProgressError,
  RunNotFoundError,
  RunNotTerminableError,
  type WeirApiError,
  type ConfigViolation,
} from "../../errors.ts";
import { builder } from "../builder.ts";

export const ErrorInterface = builder.interfaceRef<WeirApiError>("Error").implement({
  description: "Every error a caller can act on has a message.",
  fields: (t) => ({ message: t.exposeString("message") }),
});

/** The error union members' object types (the Error interface above is shared). */
export function registerErrorTypes(): void {
  const ConfigViolationType = builder.objectRef<ConfigViolation>("ConfigViolation").implement({
    fields: (t) => ({
      path: t.exposeString("path", { description: "Dotted path of the offending value, e.g. ops.fetch.url." }),
      message: t.exposeString("message"),
    }),
  });

  builder.objectType(JobNotFoundError, {
    name: "JobNotFoundError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ jobName: t.exposeString("jobName") }),
  });

  builder.objectType(InvalidConfigError, {
    name: "InvalidConfigError",
    interfaces: [ErrorInterface],
    fields: (t) => ({
      jobName: t.exposeString("jobName"),
      violations: t.field({ type: [ConfigViolationType], resolve: (e) => e.violations }),
    }),
  });

  builder.objectType(RunNotFoundError, {
    name: "RunNotFoundError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ runId: t.exposeString("runId") }),
  });

  builder.objectType(RunNotTerminableError, {
    name: "RunNotTerminableError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ runId: t.exposeString("runId"), status: t.exposeString("status") }),
  });

  builder.objectType(RunInProgressError, {
    name: "RunInProgressError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ runId: t.exposeString("runId"), status: t.exposeString("status") }),
  });

  builder.objectType(ReexecutionNotPossibleError, {
    name: "ReexecutionNotPossibleError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ runId: t.exposeString("runId") }),
  });

  builder.objectType(AssetNotFoundError, {
    name: "AssetNotFoundError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ assetKeys: t.exposeStringList("assetKeys") }),
  });

  builder.objectType(CodeLocationError, {
    name: "CodeLocationError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ locationName: t.exposeString("locationName") }),
  });

  builder.objectType(CodeLocationNotFoundError, {
    name: "CodeLocationNotFoundError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ locationName: t.exposeString("locationName") }),
  });

  builder.objectType(InstigatorNotFoundError, {
    name: "InstigatorNotFoundError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ kind: t.exposeString("kind"), name: t.exposeString("instigatorName") }),
  });

  builder.objectType(PartitionNotFoundError, {
    name: "PartitionNotFoundError",
    interfaces: [ErrorInterface],
    fields: (t) => ({ partitionKey: t.exposeString("partitionKey"), target: t.exposeString("target") }),
  });

  builder.objectType(InvalidPartitionSelectionError, {
    name: "InvalidPartitionSelectionError",
    interfaces: [ErrorInterface],
    fields: () => ({}),
  });
}
