"use client";
import { useQuery } from "urql";
import { EmptyState, Loading } from "@/components/ui/EmptyState";
import { ApiErrorNotice, Notice } from "@/components/ui/Notice";
import { PageHeader } from "@/components/ui/PageHeader";
import { AutomationDocument } from "@/graphql/generated/graphql";
import { usePolling } from "@/lib/usePolling";
import { SchedulesTable } from "./SchedulesTable";
import { SensorsTable } from "./SensorsTable";

export function AutomationPage() {
  const [{ data, error }, refetch] = useQuery({ query: AutomationDocument });
  const refresh = () => refetch({ requestPolicy: "network-only" });
  usePolling(refresh, 5000);
  return (
    <>
      <PageHeader title="Schedules & sensors" subtitle="What launches runs on its own: on a clock, or when something changes." />
      {error && <ApiErrorNotice error={error} action="load schedules and sensors" />}
      {data && !data.instance.daemonRunning && (
        <Notice tone="info" title="No daemon is running for this instance.">
          Schedules and sensors you turn on are saved, but they tick only while <code>weir dev</code> or <code>weir daemon</code>{" "}
          runs.
        </Notice>
      )}
      {!data ? (
        <Loading />
      ) : (
        <div className="stack">
          <section className="card">
            <div className="card-header">
              <h2>Schedules</h2>
              <span className="small muted">
                {data.schedules.filter((s) => s.status === "RUNNING").length} of {data.schedules.length} on
              </span>
            </div>
            {data.schedules.length ? (
              <SchedulesTable schedules={data.schedules} onChanged={refresh} />
            ) : (
              <EmptyState title="No schedules">
                Add <code>defineSchedule</code> to a code location.
              </EmptyState>
            )}
          </section>
          <section className="card">
            <div className="card-header">
              <h2>Sensors</h2>
              <span className="small muted">
                {data.sensors.filter((s) => s.status === "RUNNING").length} of {data.sensors.length} on
              </span>
            </div>
            {data.sensors.length ? (
              <SensorsTable sensors={data.sensors} onChanged={refresh} />
            ) : (
              <EmptyState title="No sensors">
                Add <code>defineSensor</code> to a code location.
              </EmptyState>
            )}
          </section>
        </div>
      )}
    </>
  );
}
