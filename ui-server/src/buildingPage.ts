// What the browser shows while the UI is being built on first start (or after its sources changed).
export function buildingPage(state: { status: "building" | "failed"; error?: string }): string {
  const failed = state.status === "failed";
  const escapeHtml = (text: string) => text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);
  return `<!doctype html><html><head><meta charset="utf-8"><title>Weir</title>
<style>
body{margin:0;font:15px/1.5 system-ui,sans-serif;background:#f6f7f9;color:#1d2330;display:grid;place-items:center;min-height:100vh}
.card{background:#fff;border:1px solid #e3e6eb;border-radius:12px;padding:32px 40px;max-width:640px;box-shadow:0 1px 3px rgba(16,24,40,.06)}
h1{font-size:18px;margin:0 0 8px}p{margin:0;color:#596273}
.spin{width:18px;height:18px;border:2px solid #c9d3ff;border-top-color:#4254f5;border-radius:50%;display:inline-block;vertical-align:-3px;margin-right:10px;animation:s 1s linear infinite}
@keyframes s{to{transform:rotate(360deg)}}
pre{background:#1d2330;color:#f3f4f6;padding:12px;border-radius:8px;overflow:auto;max-height:320px;font-size:12px}
</style></head><body><div class="card">
${
  failed
    ? `<h1>The Weir UI failed to build</h1><p>Fix the error below and restart <code>weir dev</code>. The API still works.</p><pre>${escapeHtml(state.error ?? "")}</pre>`
    : `<h1><span class="spin"></span>Building the Weir UI…</h1><p>This happens once after install or when the UI changes (about 20–60 s). The page opens by itself when it is ready.</p>
<script>setInterval(async()=>{try{const r=await fetch('/__weir/web-status');const s=await r.json();if(s.status!=='building')location.reload()}catch{}},1000)</script>`
}
</div></body></html>`;
}
