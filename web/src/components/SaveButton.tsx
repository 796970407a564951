// Save a video to Watch later or one of your playlists: a labelled select, and a status
// line saying where it went.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { t } from "../i18n";

type Playlist = { id: string; title: string; kind: "user" | "watch_later" | "saved" };

export function SaveButton({ videoId }: { videoId: string }) {
  const [playlists, setPlaylists] = useState<Playlist[]>([]);
  const [status, setStatus] = useState("");
  useEffect(() => {
    api<{ items: Playlist[] }>("/api/me/playlists?limit=100").then((r) => setPlaylists(r.items)).catch(() => {});
  }, []);
  const save = async (target: string) => {
    if (!target) return;
    const playlist = playlists.find((p) => p.id === target);
    try {
      if (target === "watch_later" || playlist?.kind === "watch_later") {
        await api("/api/me/watch-later", { method: "POST", body: { video_id: videoId } });
      } else if (playlist?.kind === "saved") {
        await api("/api/me/saved", { method: "POST", body: { video_id: videoId } });
      } else {
        await api(`/api/playlists/${encodeURIComponent(target)}/items`, { method: "POST", body: { video_id: videoId } });
      }
      setStatus(t("save.done", { playlist: playlist?.title ?? t("playlists.watchLater") }));
    } catch (e) {
      setStatus(e instanceof ApiError ? e.message : String(e));
    }
  };
  const options = playlists.length ? playlists : [{ id: "watch_later", title: t("playlists.watchLater"), kind: "watch_later" as const }];
  return (
    <span class="inline">
      <label>
        <span class="visually-hidden">{t("save.label")}</span>
        <select value="" onChange={(e) => save((e.target as HTMLSelectElement).value)}>
          <option value="">{t("save.label")}</option>
          {options.map((p) => <option value={p.id}>{p.kind === "watch_later" ? t("playlists.watchLater") : p.kind === "saved" ? t("playlists.saved") : p.title}</option>)}
        </select>
      </label>
      <span role="status">{status}</span>
    </span>
  );
}
