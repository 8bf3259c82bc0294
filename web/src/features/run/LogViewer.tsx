"use client";
// The run's event log: filterable, virtualized (only the rows in view are in the DOM, so 100,000 events
// scroll like 100), following the tail while the run is live unless the user scrolls up.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { RunEvent } from "@/graphql/types";
import { DEFAULT_LOG_FILTER, filterIndices, type LogFilter } from "./logFilter";
import { LogRow } from "./LogRow";
import { LogToolbar } from "./LogToolbar";
import styles from "./LogViewer.module.css";

const ROW = 24;

export function LogViewer({
  events,
  version,
  steps,
  live,
  height = 560,
  filter: controlled,
  onFilterChange,
}: {
  events: RunEvent[];
  version: number;
  steps: string[];
  live: boolean;
  height?: number;
  filter?: LogFilter;
  onFilterChange?: (f: LogFilter) => void;
}) {
  const [own, setOwn] = useState<LogFilter>(DEFAULT_LOG_FILTER);
  const filter = controlled ?? own;
  const setFilter = onFilterChange ?? setOwn;
  const [expanded, setExpanded] = useState<Set<number>>(() => new Set());
  // The log follows the tail while the run is live, until the user scrolls away from it.
  const [detached, setDetached] = useState(false);
  const follow = live && !detached;
  const scrollRef = useRef<HTMLDivElement>(null);

  // Matching indices, extended incrementally as events arrive; recomputed when the filter changes.
  const cache = useRef<{ key: string; events: RunEvent[]; scanned: number; indices: number[] }>({
    key: "",
    events,
    scanned: 0,
    indices: [],
  });
  const filterKey = JSON.stringify(filter);
  const indices = useMemo(() => {
    const c = cache.current;
    if (c.key !== filterKey || c.events !== events || c.scanned > events.length) {
      cache.current = { key: filterKey, events, scanned: 0, indices: [] };
    }
    const cur = cache.current;
    filterIndices(events, filter, cur.scanned, cur.indices);
    cur.scanned = events.length;
    return cur.indices.slice();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [events, version, filterKey]);

  const virtualizer = useVirtualizer({
    count: indices.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 12,
    getItemKey: (i) => events[indices[i]!]!.seq,
  });

  useEffect(() => {
    if (follow && indices.length) virtualizer.scrollToIndex(indices.length - 1, { align: "end" });
  }, [follow, indices.length, virtualizer]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 2;
    if (!atBottom && follow) setDetached(true);
  };
  const toggle = useCallback(
    (seq: number) =>
      setExpanded((s) => {
        const next = new Set(s);
        if (next.has(seq)) next.delete(seq);
        else next.add(seq);
        return next;
      }),
    [],
  );

  return (
    <div className={styles.viewer} data-testid="log-viewer">
      <LogToolbar filter={filter} onChange={setFilter} steps={steps} shown={indices.length} total={events.length} live={live} />
      <div className={styles.header}>
        <span className={styles.time}>Time</span>
        <span className={styles.level}>Level</span>
        <span className={styles.step}>Step</span>
        <span className={styles.type}>Event</span>
        <span>Message</span>
      </div>
      <div
        ref={scrollRef}
        className={styles.scroll}
        data-testid="log-scroll"
        style={{ height: Math.min(height, Math.max(240, virtualizer.getTotalSize() + 2)) }}
        onScroll={onScroll}
        onWheel={(e) => e.deltaY < 0 && follow && setDetached(true)}
      >
        {indices.length === 0 && (
          <div className={styles.empty}>
            {events.length ? "No event matches these filters." : live ? "Waiting for events…" : "Loading events…"}
          </div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const event = events[indices[item.index]!]!;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={styles.slot}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <LogRow event={event} expanded={expanded.has(event.seq)} onToggle={toggle} />
              </div>
            );
          })}
        </div>
      </div>
      {detached && live && (
        <button className={`btn btn-sm ${styles.jump}`} onClick={() => setDetached(false)}>
          ↓ Follow live
        </button>
      )}
    </div>
  );
}
