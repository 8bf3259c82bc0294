// What the run lifecycle modules share: the store, the event sink, the code locations and the launcher.
import type { RunLauncher } from "@weir/launchers";
import type { Logger } from "pino";
import type { CodeLocationManager } from "../codeLocations/codeLocationManager.ts";
import type { EventSink } from "../events/eventSink.ts";
import type { Store } from "../store/openStore.ts";

export interface RunServices {
  store: Store;
  sink: EventSink;
  locations: CodeLocationManager;
  launcher: RunLauncher;
  launcherName: string;
  instanceDir: string;
  log: Logger;
}
