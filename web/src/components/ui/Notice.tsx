// Inline messages: errors from the API in words a user acts on, successes of actions.
import type { ReactNode } from "react";
import type { CombinedError } from "urql";
import { looksUnauthorized } from "@/graphql/apiToken";
import { TokenForm } from "./TokenForm";
import styles from "./Notice.module.css";

export function Notice({
  tone,
  title,
  children,
  onDismiss,
}: {
  tone: "error" | "success" | "info";
  title: ReactNode;
  children?: ReactNode;
  onDismiss?: () => void;
}) {
  return (
    <div className={`${styles.notice} ${styles[tone]}`} role={tone === "error" ? "alert" : "status"}>
      <div className={styles.body}>
        <strong>{title}</strong>
        {children && <div className={styles.detail}>{children}</div>}
      </div>
      {onDismiss && (
        <button className="btn btn-ghost btn-sm" onClick={onDismiss} aria-label="Dismiss">
          ✕
        </button>
      )}
    </div>
  );
}

/** Explains a failed query or mutation: an unreachable API reads differently from a GraphQL error. */
export function ApiErrorNotice({ error, action }: { error: CombinedError; action: string }) {
  if (error.networkError && !error.graphQLErrors.length) {
    return (
      <Notice tone="error" title={`Could not ${action}: the Weir API is not reachable.`}>
        Check that <code>weir dev</code> (or <code>weir server</code>) is still running; this page retries when you come back to
        it. ({error.networkError.message})
      </Notice>
    );
  }
  const text = error.graphQLErrors.map((e) => e.message).join("; ") || error.message;
  if (looksUnauthorized(text)) {
    return (
      <Notice tone="error" title={`Could not ${action}: this Weir API needs an API token.`}>
        {text} Paste a token created with <code>weir tokens create</code>; it stays in this browser.
        <TokenForm />
      </Notice>
    );
  }
  return (
    <Notice tone="error" title={`Could not ${action}.`}>
      {error.graphQLErrors.map((e) => e.message).join("; ") || error.message}
    </Notice>
  );
}
