// The studio's edit page of one video (/studio/videos/{id}/edit): its details through
// PATCH /api/videos/{id}. Only its owner (and moderators, as the API allows) get the form;
// anyone else, like an unknown id, gets the same "no such video" without learning more.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import type { Video } from "../lib/types";
import { VideoDetails } from "../components/VideoDetails";
import { Loading, SignInFirst, isModerator, messageOf } from "../components/Gate";
import { t } from "../i18n";

export function EditVideo({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const account = useObservable(me);
  const [video, setVideo] = useState<Video | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState("");

  useEffect(() => {
    if (!account) return;
    setVideo(null);
    setMissing(false);
    setError("");
    api<Video>(`/api/videos/${encodeURIComponent(id)}`)
      .then((v) => {
        if (v.owner?.id !== account.id && !isModerator(account)) return setMissing(true);
        setVideo(v);
        document.title = `${t("edit.title")} · ${v.title} · ${t("app.name")}`;
      })
      .catch((e) => (e instanceof ApiError && (e.status === 404 || e.status === 403 || e.status === 410) ? setMissing(true) : setError(messageOf(e))));
  }, [id, account?.id]);

  if (account === null) return <SignInFirst next={`/studio/videos/${encodeURIComponent(id)}/edit`} />;
  if (missing) {
    return (
      <main id="main" class="page narrow">
        <h1>{t("edit.missing")}</h1>
        <p><a href="/studio">{t("edit.back")}</a></p>
      </main>
    );
  }
  if (error) return <main id="main" class="page narrow"><p role="alert" class="error">{error}</p></main>;
  if (!video) return <Loading />;
  return (
    <main id="main" class="page narrow">
      <p><a href="/studio">{t("edit.back")}</a></p>
      <h1>{t("edit.title")}</h1>
      <p class="muted">
        {t("edit.status", { status: video.status })} · <a href={`/watch/${encodeURIComponent(video.id)}`}>{t("edit.watch")}</a>
        {" · "}<a href={`/studio/videos/${encodeURIComponent(video.id)}`}>{t("studio.analytics")}</a>
      </p>
      <VideoDetails key={video.id} video={video} onSaved={(saved) => { setVideo(saved); document.title = `${t("edit.title")} · ${saved.title} · ${t("app.name")}`; }} />
    </main>
  );
}
