-- AlterTable
ALTER TABLE "instigator_states" ADD COLUMN     "last_tick_at" TIMESTAMPTZ(3),
ADD COLUMN     "running_since" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "instigator_ticks" ADD COLUMN     "ended_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "run_queue_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "max_concurrent_runs" INTEGER NOT NULL,
    "tag_concurrency_limits" JSONB NOT NULL DEFAULT '[]',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_queue_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "runs_ended_at_id_idx" ON "runs"("ended_at", "id");
