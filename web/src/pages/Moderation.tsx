// The moderation queue for moderators and admins: open cases, oldest first, and the
// actions the API offers (docs/moderation.md).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import { ago, t } from "../i18n";

type Case = {
  id: string; target: string; target_id: string; source: string; reason: string; state: string;
  reports_count: number; created_at: string; snapshot: { title?: string; text?: string; owner_username?: string };
};

function CaseRow({ item, onDone }: { item: Case; onDone: () => void }) {
  const [action, setAction] = useState("remove");
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  return (
    <li class="case">
      <p><strong>{item.target}</strong> {item.snapshot.title ?? item.snapshot.text ?? item.target_id} <span class="muted">· {item.reason.replaceAll("_", " ")} · {item.reports_count} reports · {ago(item.created_at)}</span></p>
      {item.target === "video" && <p><a href={`/watch/${item.target_id}`}>Open the video</a></p>}
      <form class="inline" onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api(`/api/moderation/cases/${item.id}/actions`, { method: "POST", body: { action, public_reason: reason, internal_note: "" } });
          onDone();
        } catch (err) {
          setError(err instanceof ApiError ? err.message : String(err));
        }
      }}>
        <label>Action{" "}
          <select value={action} onChange={(e) => setAction((e.target as HTMLSelectElement).value)}>
            {["remove", "dismiss", "age_restrict", "warn", "restore", "approve"].map((a) => <option value={a}>{a.replace("_", " ")}</option>)}
          </select>
        </label>
        <label>Public reason{" "}<input value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} /></label>
        <button type="submit" class="primary">Apply</button>
        {error && <span role="alert" class="error">{error}</span>}
      </form>
    </li>
  );
}

export function Moderation() {
  const account = useObservable(me);
  const [cases, setCases] = useState<Case[]>([]);
  const [error, setError] = useState("");
  const load = () => api<{ items: Case[] }>("/api/moderation/cases?state=open").then((r) => setCases(r.items)).catch((e) => setError(e.message));
  useEffect(() => { if (account) load(); }, [account?.id]);
  if (account && account.role !== "moderator" && account.role !== "admin") return <main id="main" class="page"><p>{t("error.notFound")}</p></main>;
  return (
    <main id="main" class="page">
      <h1>Moderation queue</h1>
      {error && <p role="alert" class="error">{error}</p>}
      {cases.length === 0 && <p class="muted">{t("feed.empty")}</p>}
      <ul class="plain">{cases.map((c) => <CaseRow key={c.id} item={c} onDone={load} />)}</ul>
    </main>
  );
}
