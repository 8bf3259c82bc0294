"use client";
// The launchpad's config editor: JSON with syntax highlighting, and the job's schema checked as you type
// (violations underlined in place and listed below).
import { json } from "@codemirror/lang-json";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import { EditorView } from "@codemirror/view";
import CodeMirror from "@uiw/react-codemirror";
import { useMemo } from "react";
import { checkConfig } from "./configValidation";
import { rangeForPath } from "./configPositions";

const theme = EditorView.theme({
  "&": { fontSize: "12.5px", backgroundColor: "var(--surface)" },
  ".cm-content": { fontFamily: "var(--mono)", padding: "10px 0" },
  ".cm-gutters": { backgroundColor: "var(--surface-2)", borderRight: "1px solid var(--border)", color: "var(--faint)" },
  "&.cm-focused": { outline: "none" },
});

export function ConfigEditor({
  value,
  onChange,
  schema,
  height = "360px",
}: {
  value: string;
  onChange: (text: string) => void;
  schema: Record<string, unknown> | null;
  height?: string;
}) {
  const extensions = useMemo(
    () => [
      json(),
      lintGutter(),
      linter(
        (view) => {
          const text = view.state.doc.toString();
          const { problems } = checkConfig(text, schema);
          return problems.map<Diagnostic>((p) => {
            const range =
              p.offset !== undefined
                ? { from: Math.min(p.offset, text.length), to: Math.min(p.offset + 1, text.length) }
                : rangeForPath(view.state, p.path);
            return {
              from: range.from,
              to: Math.max(range.to, range.from),
              severity: "error",
              message: p.path.length ? `${p.path.join(".")}: ${p.message}` : p.message,
            };
          });
        },
        { delay: 120 },
      ),
      theme,
      EditorView.lineWrapping,
    ],
    [schema],
  );
  return (
    <div
      data-testid="config-editor"
      style={{ border: "1px solid var(--border-strong)", borderRadius: "var(--radius)", overflow: "hidden" }}
    >
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={extensions}
        height={height}
        basicSetup={{ foldGutter: true, highlightActiveLine: false, autocompletion: false }}
      />
    </div>
  );
}
