// The implicit job that materializes an asset selection reads as what it is.
export const ASSET_JOB = "__ASSET_JOB";

export function jobLabel(jobName: string): string {
  return jobName === ASSET_JOB ? "Asset materialization" : jobName;
}
