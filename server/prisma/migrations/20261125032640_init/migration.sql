-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'STARTING', 'STARTED', 'SUCCESS', 'FAILURE', 'CANCELING', 'CANCELED');

-- CreateEnum
CREATE TYPE "InstigatorKind" AS ENUM ('SCHEDULE', 'SENSOR');

-- CreateEnum
CREATE TYPE "InstigatorStatus" AS ENUM ('RUNNING', 'STOPPED');

-- CreateTable
CREATE TABLE "runs" (
    "id" UUID NOT NULL,
    "job_name" TEXT NOT NULL,
    "location_name" TEXT,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "config" JSONB NOT NULL DEFAULT '{}',
    "tags" JSONB NOT NULL DEFAULT '{}',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "step_selection" JSONB,
    "asset_selection" JSONB,
    "partition_key" TEXT,
    "parent_run_id" UUID,
    "root_run_id" UUID,
    "launcher" TEXT,
    "worker_info" JSONB,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_events" (
    "run_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "step_key" TEXT,
    "level" TEXT,
    "message" TEXT NOT NULL DEFAULT '',
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB,

    CONSTRAINT "run_events_pkey" PRIMARY KEY ("run_id","seq")
);

-- CreateTable
CREATE TABLE "step_stats" (
    "run_id" UUID NOT NULL,
    "step_key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "step_stats_pkey" PRIMARY KEY ("run_id","step_key")
);

-- CreateTable
CREATE TABLE "asset_materializations" (
    "id" BIGSERIAL NOT NULL,
    "asset_key" TEXT NOT NULL,
    "partition_key" TEXT,
    "run_id" UUID NOT NULL,
    "step_key" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "timestamp" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "asset_materializations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instigator_states" (
    "kind" "InstigatorKind" NOT NULL,
    "name" TEXT NOT NULL,
    "location_name" TEXT,
    "status" "InstigatorStatus" NOT NULL,
    "cursor" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "instigator_states_pkey" PRIMARY KEY ("kind","name")
);

-- CreateTable
CREATE TABLE "instigator_ticks" (
    "id" BIGSERIAL NOT NULL,
    "kind" "InstigatorKind" NOT NULL,
    "name" TEXT NOT NULL,
    "scheduled_at" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL,
    "run_ids" JSONB NOT NULL DEFAULT '[]',
    "skip_reason" TEXT,
    "error" JSONB,
    "cursor" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "instigator_ticks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sensor_run_keys" (
    "sensor_name" TEXT NOT NULL,
    "run_key" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sensor_run_keys_pkey" PRIMARY KEY ("sensor_name","run_key")
);

-- CreateTable
CREATE TABLE "daemon_heartbeats" (
    "daemon_id" TEXT NOT NULL,
    "loop_name" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,

    CONSTRAINT "daemon_heartbeats_pkey" PRIMARY KEY ("daemon_id","loop_name")
);

-- CreateIndex
CREATE INDEX "runs_status_priority_created_at_idx" ON "runs"("status", "priority" DESC, "created_at");

-- CreateIndex
CREATE INDEX "runs_created_at_id_idx" ON "runs"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "runs_status_created_at_id_idx" ON "runs"("status", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "runs_job_name_created_at_id_idx" ON "runs"("job_name", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "runs_tags_idx" ON "runs" USING GIN ("tags" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "run_events_run_id_type_seq_idx" ON "run_events"("run_id", "type", "seq");

-- CreateIndex
CREATE INDEX "asset_materializations_asset_key_id_idx" ON "asset_materializations"("asset_key", "id" DESC);

-- CreateIndex
CREATE INDEX "asset_materializations_run_id_idx" ON "asset_materializations"("run_id");

-- CreateIndex
CREATE INDEX "instigator_ticks_kind_name_id_idx" ON "instigator_ticks"("kind", "name", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "instigator_ticks_kind_name_scheduled_at_key" ON "instigator_ticks"("kind", "name", "scheduled_at");

-- AddForeignKey
ALTER TABLE "run_events" ADD CONSTRAINT "run_events_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "step_stats" ADD CONSTRAINT "step_stats_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "asset_materializations" ADD CONSTRAINT "asset_materializations_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
