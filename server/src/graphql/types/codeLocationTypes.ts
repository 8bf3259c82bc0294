import type {
  AssetSnapshot,
  CodeLocationError as LocationLoadError,
  CodeLocationInfo,
  JobSnapshot,
} from "../../codeLocations/codeLocationManager.ts";
import { CodeLocationNotFoundError } from "../../errors.ts";
import { PartitionsDefinitionType } from "./partitionTypes.ts";
import { builder } from "../builder.ts";
import { TagType, tagsToList } from "./tagTypes.ts";

export interface JobWithLocation {
  job: JobSnapshot;
  locationName: string;
}

export interface AssetWithLocation {
  asset: AssetSnapshot;
  locationName: string;
}

const CodeLocationStatusEnum = builder.enumType("CodeLocationStatus", { values: ["LOADING", "LOADED", "ERROR"] as const });

const CodeLocationLoadErrorType = builder.objectRef<LocationLoadError>("CodeLocationLoadError").implement({
  description: "Why a code location failed to load, with the place in user code when known.",
  fields: (t) => ({
    message: t.exposeString("message"),
    stack: t.exposeString("stack", { nullable: true }),
    file: t.exposeString("file", { nullable: true }),
    line: t.exposeInt("line", { nullable: true }),
    column: t.exposeInt("column", { nullable: true }),
  }),
});

const StepNodeType = builder.objectRef<JobSnapshot["steps"][number]>("JobStep").implement({
  fields: (t) => ({
    key: t.exposeString("key"),
    kind: t.exposeString("kind"),
    dependsOn: t.stringList({ resolve: (s) => s.deps }),
  }),
});

export const JobType = builder.objectRef<JobWithLocation>("Job").implement({
  fields: (t) => ({
    name: t.string({ resolve: (j) => j.job.name }),
    description: t.string({ nullable: true, resolve: (j) => j.job.description }),
    locationName: t.exposeString("locationName"),
    tags: t.field({ type: [TagType], resolve: (j) => tagsToList(j.job.tags) }),
    isAssetJob: t.boolean({ resolve: (j) => j.job.isAssetJob }),
    steps: t.field({ type: [StepNodeType], resolve: (j) => j.job.steps }),
    configSchema: t.field({ type: "JSON", description: "JSON schema of the run config.", resolve: (j) => j.job.configSchema }),
    defaultConfig: t.field({ type: "JSON", resolve: (j) => j.job.defaultConfig }),
    partitionsDefinition: t.field({
      type: PartitionsDefinitionType,
      nullable: true,
      description: "The partitions a run of the job is for; null for an unpartitioned job and the asset job.",
      resolve: (j) => j.job.partitions ?? null,
    }),
  }),
});

export const CodeLocationType = builder.objectRef<CodeLocationInfo>("CodeLocation").implement({
  fields: (t) => ({
    name: t.exposeString("name"),
    file: t.exposeString("file"),
    status: t.field({ type: CodeLocationStatusEnum, resolve: (l) => l.status }),
    error: t.field({ type: CodeLocationLoadErrorType, nullable: true, resolve: (l) => l.error ?? null }),
    loadedAt: t.field({ type: "DateTime", nullable: true, resolve: (l) => l.loadedAt ?? null }),
    jobs: t.field({ type: [JobType], resolve: (l) => (l.snapshot?.jobs ?? []).map((job) => ({ job, locationName: l.name })) }),
    assetKeys: t.stringList({ resolve: (l) => (l.snapshot?.assets ?? []).map((a) => a.key) }),
  }),
});

export function allJobs(locations: CodeLocationInfo[]): JobWithLocation[] {
  return locations.flatMap((l) => (l.snapshot?.jobs ?? []).map((job) => ({ job, locationName: l.name })));
}

export function allAssets(locations: CodeLocationInfo[]): AssetWithLocation[] {
  return locations.flatMap((l) => (l.snapshot?.assets ?? []).map((asset) => ({ asset, locationName: l.name })));
}

/** The codeLocations and jobs queries and reloadCodeLocation. */
export function registerCodeLocationTypes(): void {
  builder.queryFields((t) => ({
    codeLocations: t.field({ type: [CodeLocationType], resolve: (_r, _a, ctx) => ctx.instance.locations.list() }),
    jobs: t.field({
      type: [JobType],
      args: { includeAssetJobs: t.arg.boolean({ required: false, defaultValue: false }) },
      resolve: (_r, args, ctx) =>
        allJobs(ctx.instance.locations.list()).filter((j) => args.includeAssetJobs || !j.job.isAssetJob),
    }),
    job: t.field({
      type: JobType,
      nullable: true,
      args: { name: t.arg.string({ required: true }) },
      resolve: (_r, args, ctx) => {
        const found = ctx.instance.locations.findJob(args.name);
        return found ? { job: found.job, locationName: found.location.name } : null;
      },
    }),
  }));

  const ReloadSuccess = builder.objectRef<CodeLocationInfo>("ReloadCodeLocationSuccess").implement({
    fields: (t) => ({ location: t.field({ type: CodeLocationType, resolve: (l) => l }) }),
  });

  builder.mutationFields((t) => ({
    reloadCodeLocation: t.field({
      type: ReloadSuccess,
      description: "Restarts the location's code server so edits are picked up; a load error is reported on the location.",
      args: { name: t.arg.string({ required: true }) },
      errors: { types: [CodeLocationNotFoundError], union: { name: "ReloadCodeLocationResult" }, directResult: true },
      resolve: async (_r, args, ctx) => {
        if (!ctx.instance.locations.get(args.name)) throw new CodeLocationNotFoundError(args.name);
        return ctx.instance.locations.reload(args.name);
      },
    }),
  }));
}
