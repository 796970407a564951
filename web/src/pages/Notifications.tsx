import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import { ago, t } from "../i18n";

type Notification = { id: string; kind: string; subject_id: string; data: Record<string, string>; created_at: string; read: boolean };

const describe = (n: Notification) => {
  const title = n.data.title ?? "";
  switch (n.kind) {
    case "video_ready": return `Your video “${title}” is ready`;
    case "video_failed": return `Your video “${title}” failed to process`;
    case "new_video": return `New video: “${title}”`;
    case "comment_reply": return `New reply to your comment`;
    case "like_milestone": return `“${title}” reached ${n.data.likes ?? ""} likes`;
    default: return n.kind.replaceAll("_", " ");
  }
};

export function Notifications() {
  const account = useObservable(me);
  const [items, setItems] = useState<Notification[]>([]);
  useEffect(() => {
    if (!account) return;
    api<{ items: Notification[] }>("/api/me/notifications").then((r) => setItems(r.items)).catch(() => {});
  }, [account?.id]);
  if (account === null) return <main id="main" class="page"><p><a href="/signin">{t("nav.signIn")}</a></p></main>;
  return (
    <main id="main" class="page narrow">
      <div class="row">
        <h1>{t("nav.notifications")}</h1>
        <button type="button" onClick={async () => {
          await api("/api/me/notifications/read", { method: "POST", body: { all: true } });
          setItems(items.map((n) => ({ ...n, read: true })));
          if (account) me.set({ ...account, unread_notifications: 0 });
        }}>Mark all read</button>
      </div>
      <ul class="plain">
        {items.map((n) => (
          <li class={n.read ? "" : "unread"}>
            {n.kind.startsWith("video") || n.kind === "new_video" ? <a href={`/watch/${n.subject_id}`}>{describe(n)}</a> : describe(n)}
            {" "}<span class="muted">{ago(n.created_at)}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}
