-- Written by hand (see the comment on RunEvent in schema.prisma): the (run_id, type, seq) index
-- becomes partial, leaving LOG events out, so ingest of log lines maintains one index fewer.
DROP INDEX "run_events_run_id_type_seq_idx";

CREATE INDEX "run_events_run_id_type_seq_not_log_idx" ON "run_events"("run_id", "type", "seq") WHERE (type <> 'LOG'::text);
