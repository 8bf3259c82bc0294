// Selections shared by several documents.
export const RUN_SUMMARY_FIELDS = `
  id jobName status launcher createdAt startedAt endedAt durationMs assetSelection
  tags { key value }
`;

export const RUN_DETAIL_FIELDS = `
  ${RUN_SUMMARY_FIELDS}
  locationName config canTerminate failureReason parentRunId rootRunId priority partitionKey stepSelection
  steps { stepKey status attempts startedAt endedAt durationMs }
`;

export const EVENT_FIELDS = `seq type stepKey level message timestamp data`;

export const JOB_FIELDS = `name description locationName isAssetJob tags { key value } steps { key kind dependsOn }`;

export const MATERIALIZATION_FIELDS = `id assetKey runId stepKey partitionKey timestamp metadata run { id status jobName }`;

export const ASSET_FIELDS = `
  key group description locationName dependencies dependents hasRetryPolicy
  latestMaterialization { ${MATERIALIZATION_FIELDS} }
`;

export const ERROR_FIELDS = `... on Error { message }`;

export const TICK_FIELDS = `id status timestamp scheduledAt endedAt runIds skipReason errorMessage error cursor`;
