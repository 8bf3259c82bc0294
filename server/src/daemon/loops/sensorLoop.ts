// The sensors as a daemon loop: its pass re-reads which sensors run and keeps an evaluation timer for each
// (sensors/sensorDaemon.ts); each evaluation also counts as the loop's heartbeat.
import { startSensorDaemon } from "../../sensors/sensorDaemon.ts";
import { defineDaemonLoop } from "../daemonLoop.ts";

export const sensorLoop = defineDaemonLoop({
  name: "sensors",
  label: "Sensors",
  description: "Evaluates each running sensor every interval and launches the runs it requests, once per run key.",
  triggers: (config) => ({ intervalMs: config.reconcileIntervalMs, signals: ["instigatorsChanged"], atStart: true }),
  start({ services, queue, beat }) {
    const sensors = startSensorDaemon(services, queue, { onPass: beat });
    return { ...sensors, pass: sensors.reconcile };
  },
});
