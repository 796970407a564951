// The creator's own videos: status, visibility, views; edit, delete, analytics.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { me } from "../lib/session";
import { onEvent } from "../lib/realtime";
import { useObservable } from "../lib/store";
import type { Page, Video } from "../lib/types";
import { compact, t } from "../i18n";

export function Studio() {
  const account = useObservable(me);
  const [videos, setVideos] = useState<Video[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    if (!account) return;
    api<Page<Video>>(`/api/users/${encodeURIComponent(account.username)}/videos?limit=100`)
      .then((p) => setVideos(p.items)).catch((e) => setError(String(e)));
  }, [account?.id]);
  useEffect(() => onEvent("video_status", (d) => setVideos((list) => list?.map((v) => (v.id === d.id ? { ...v, status: d.status, progress: d.progress } : v)) ?? null)), []);

  if (account === null) return <main id="main" class="page"><p><a href="/signin?next=/studio">{t("nav.signIn")}</a></p></main>;
  return (
    <main id="main" class="page">
      <div class="row">
        <h1>{t("studio.title")}</h1>
        <span class="inline">
          <a class="button" href="/studio/creator">{t("creator.title")}</a>
          <a class="button primary" href="/upload">{t("nav.upload")}</a>
        </span>
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      {videos && videos.length === 0 && <p class="muted">{t("studio.empty")}</p>}
      {videos && videos.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th scope="col">{t("upload.titleField")}</th><th scope="col">{t("studio.status")}</th><th scope="col">{t("studio.visibility")}</th><th scope="col">{t("studio.views")}</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {videos.map((v) => (
                <tr key={v.id}>
                  <td><a href={`/watch/${v.id}`}>{v.title}</a></td>
                  <td>{v.status}{v.status !== "ready" && v.progress ? ` (${Math.round(v.progress)}%)` : ""}</td>
                  <td>
                    <select aria-label={t("studio.visibilityLabel", { title: v.title })} value={v.visibility} onChange={async (e) => {
                      const visibility = (e.target as HTMLSelectElement).value;
                      try {
                        const saved = await api<Video>(`/api/videos/${v.id}`, { method: "PATCH", body: { visibility } });
                        setVideos(videos.map((x) => (x.id === v.id ? { ...x, visibility: saved.visibility } : x)));
                      } catch (err) {
                        setError(err instanceof ApiError ? err.message : String(err));
                      }
                    }}>
                      <option value="public">{t("upload.visibility.public")}</option>
                      <option value="unlisted">{t("upload.visibility.unlisted")}</option>
                      <option value="private">{t("upload.visibility.private")}</option>
                    </select>
                  </td>
                  <td>{compact(v.views_count ?? 0)}</td>
                  <td class="actions">
                    <a href={`/studio/videos/${encodeURIComponent(v.id)}/edit`} aria-label={t("studio.editLabel", { title: v.title })}>{t("studio.edit")}</a>{" "}
                    <a href={`/studio/videos/${v.id}`}>{t("studio.analytics")}</a>
                    <button type="button" class="link danger" onClick={async () => {
                      if (!confirm(t("studio.confirmDelete", { title: v.title }))) return;
                      await api(`/api/videos/${v.id}`, { method: "DELETE" });
                      setVideos(videos.filter((x) => x.id !== v.id));
                    }}>{t("studio.delete")}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
