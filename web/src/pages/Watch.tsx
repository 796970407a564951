import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { Player } from "../components/Player";
import { loadHls, playable, preparePlayback, takePrefetched } from "../components/playerPreload";
import { Comments } from "../components/Comments";
import { Icon } from "../components/Icon";
import { LiveChat } from "../components/LiveChat";
import { SubscribeButton } from "../components/SubscribeButton";
import { SaveButton } from "../components/SaveButton";
import { VideoCard } from "../components/VideoCard";
import { api, ApiError } from "../lib/api";
import { copyText } from "../lib/clipboard";
import { sendBeacon, sourceOf } from "../lib/beacon";
import { joinRoom, onEvent } from "../lib/realtime";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import { ownerName, ownerUsername, type Playback, type Video } from "../lib/types";
import { ago, compact, t } from "../i18n";

type Rating = { rating: "like" | "dislike" | "none"; likes_count: number; dislikes_count: number };
type Failure = { code: string; reason?: string };

function AgeGate({ onPassed }: { onPassed: () => void }) {
  const [error, setError] = useState("");
  return (
    <div class="gate" role="region" aria-labelledby="gate-title">
      <h1 id="gate-title">{t("gate.title")}</h1>
      <p>{t("gate.body")}</p>
      {error && <p role="alert" class="error">{error}</p>}
      <button type="button" class="primary" onClick={async () => {
        try {
          await api("/api/age-gate", { method: "POST", body: { confirm: true } });
          onPassed();
        } catch (e) {
          setError((e as Error).message);
        }
      }}>{t("gate.confirm")}</button>
    </div>
  );
}

function Unavailable({ failure }: { failure: Failure }) {
  if (failure.code === "removed") return <p class="notice" role="status">{t("video.removed", { reason: failure.reason ?? "" })}</p>;
  if (failure.code === "premium_required") return <p class="notice" role="status">{t("video.premiumWall")}</p>;
  return <p class="notice" role="status">{t("video.unavailable")}</p>;
}

function ReportButton({ videoId }: { videoId: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("spam_or_misleading");
  const [done, setDone] = useState("");
  if (done) return <span role="status">{done}</span>;
  if (!open) return <button type="button" onClick={() => setOpen(true)}>{t("video.report")}</button>;
  return (
    <form class="report" onSubmit={async (e) => {
      e.preventDefault();
      try {
        await api("/api/reports", { method: "POST", body: { target: "video", target_id: videoId, reason } });
        setDone(t("video.reportSent"));
      } catch (err) {
        setDone((err as Error).message);
      }
    }}>
      <label>{t("video.reportReason")}{" "}
        <select value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)}>
          {["violent_or_abusive", "hateful", "sexual_content_involving_minors", "spam_or_misleading", "privacy", "rights", "site_rules", "other"].map((r) => (
            <option value={r}>{r.replaceAll("_", " ")}</option>
          ))}
        </select>
      </label>
      <button type="submit" class="primary">{t("video.report")}</button>
      <button type="button" onClick={() => setOpen(false)}>{t("common.cancel")}</button>
    </form>
  );
}

// The player's hls.js chunk starts loading with the page, beside its API calls, rather than
// once the player mounts.
const preloadPlayer = () => loadHls().catch(() => {});

export function Watch({ params, query }: { params: Record<string, string>; query: URLSearchParams }) {
  useEffect(() => void preloadPlayer(), []);
  const id = params.id;
  const source = sourceOf(query.get("source"));
  const account = useObservable(me);
  // A watch page opened directly may have its answers in already (playerPreload.ts): then the
  // first render shows them and mounts the player.
  const [firstAnswers] = useState(() => takePrefetched(id));
  const early = useRef(firstAnswers);
  const [video, setVideo] = useState<Video | null>(early.current?.now?.video ?? null);
  const [playback, setPlayback] = useState<Playback | null>(() => {
    const now = early.current?.now;
    return now && playable(now.video) ? now.playback : null;
  });
  const [failure, setFailure] = useState<Failure | null>(null);
  const [rating, setRating] = useState<Rating | null>(null);
  const [watching, setWatching] = useState(0);
  const [views, setViews] = useState(0);
  const [similar, setSimilar] = useState<Video[]>([]);
  // What is below and beside the player (comments, chat, similar videos) waits for the first
  // frame, or a second and a half: until then the main thread and the network are the player's.
  const [rest, setRest] = useState(false);
  useEffect(() => {
    setRest(false);
    const timer = setTimeout(() => setRest(true), 1500);
    return () => clearTimeout(timer);
  }, [id]);
  useEffect(() => {
    if (!rest) return;
    api<{ items: Video[] }>(`/api/videos/${encodeURIComponent(id)}/similar?limit=12`).then((r) => setSimilar(r.items)).catch(() => {});
  }, [id, rest]);
  const [startAt, setStartAt] = useState<number | null>(null);
  const [theater, setTheater] = useState(false);
  const [copied, setCopied] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const playbackRef = useRef<Playback | null>(null);
  const ratingChanges = useRef(0);
  playbackRef.current = playback;

  const shown = useRef(id);
  useEffect(() => {
    if (shown.current === id) return;
    shown.current = id;
    setVideo(null); setPlayback(null); setFailure(null); setRating(null);
  }, [id]);

  // Again when the age gate is passed or the video becomes playable while the page is open.
  useEffect(() => {
    (async () => {
      try {
        // The record and its playback at once: the first frame waits for both. A video with
        // nothing to play yet answers 409 to the second, which then waits for video_status.
        const answers = early.current?.id === id ? early.current : takePrefetched(id);
        early.current = null;
        const playbackRequest = answers?.playback ??
          api<Playback>(`/api/videos/${encodeURIComponent(id)}/playback`).catch(() => null);
        const v = await (answers?.video ?? api<Video>(`/api/videos/${encodeURIComponent(id)}`));
        setFailure(null);
        setVideo(v);
        setViews(v.views_count ?? 0);
        setWatching(v.watching_now ?? 0);
        // The record's counts until the viewer's own rating (or a click) says more.
        setRating((r) => r ?? { rating: "none", likes_count: v.likes_count ?? 0, dislikes_count: v.dislikes_count ?? 0 });
        document.title = `${v.title} · Marquee`;
        const p = await playbackRequest;
        if (p && playable(v)) {
          // Unless the first render already gave the player this very answer.
          if (playbackRef.current !== p) preparePlayback(p.master_url);
          setPlayback(p);
        }
      } catch (e) {
        setFailure(e instanceof ApiError ? { code: e.code, reason: e.details.reason } : { code: "error" });
      }
    })();
  }, [id, attempt]);

  const who = account === undefined ? undefined : account?.id ?? "";
  // The first answers were asked for before the session was known (boot.ts): an access cookie
  // renewed since may see more (a private or premium video), so a refusal is asked again.
  const askedEarly = useRef(firstAnswers !== null);
  useEffect(() => {
    if (!who || !askedEarly.current) return;
    askedEarly.current = false;
    if (failure || !playbackRef.current) setAttempt((a) => a + 1);
  }, [who]);
  useEffect(() => {
    setStartAt(null);
    if (who === undefined) return;  // not known yet
    if (!account) return setStartAt(0);
    // The stored rating, unless the viewer has already rated here meanwhile (an answer that
    // comes back late must not undo their click).
    const asked = ratingChanges.current;
    api<Rating>(`/api/videos/${encodeURIComponent(id)}/rating`)
      .then((r) => ratingChanges.current === asked && setRating(r))
      .catch(() => {});
    api<{ position_ms: number; completion_ratio: number }>(`/api/videos/${encodeURIComponent(id)}/progress`)
      .then((p) => setStartAt(p.completion_ratio < 0.95 ? p.position_ms / 1000 : 0))
      .catch(() => setStartAt(0));
  }, [id, who]);

  // Live counts while the page is open.
  useEffect(() => {
    const leave = joinRoom(`video:${id}`);
    const offLikes = onEvent("like_update", (d) => d.video_id === id && setRating((r) => ({ rating: r?.rating ?? "none", likes_count: d.likes_count, dislikes_count: d.dislikes_count })));
    const offViews = onEvent("view_count", (d) => { if (d.video_id === id) { setViews(d.views_count); setWatching(d.watching_now); } });
    const offStatus = onEvent("video_status", (d) => {
      if (d.id !== id) return;
      setVideo((v) => (v ? { ...v, status: d.status, progress: d.progress, failure_reason: d.failure_reason } : v));
      if ((d.status === "playable" || d.status === "ready") && !playbackRef.current) setAttempt((n) => n + 1);
    });
    return () => { leave(); offLikes(); offViews(); offStatus(); };
  }, [id]);

  // A video still `playable` gets its storyboard (and the rest of its renditions) when it is
  // `ready`: the owner hears it (video_status), anyone else asks now and then. Then the
  // playback answer is read again for the storyboard; the stream already playing goes on.
  const status = video?.status;
  useEffect(() => {
    if (status !== "playable") return;
    const timer = setInterval(() => {
      api<Video>(`/api/videos/${encodeURIComponent(id)}`).then((v) => v.status !== "playable" && setVideo((old) => (old ? { ...old, status: v.status } : v))).catch(() => {});
    }, 5000);
    return () => clearInterval(timer);
  }, [id, status]);
  useEffect(() => {
    if (status !== "ready" || !playbackRef.current || playbackRef.current.storyboard_url) return;
    api<Playback>(`/api/videos/${encodeURIComponent(id)}/playback`)
      .then((p) => setPlayback((old) => (old ? { ...old, storyboard_url: p.storyboard_url } : p)))
      .catch(() => {});
  }, [id, status]);

  const onProgress = useCallback((position: number, watched: number) => sendBeacon(id, position, watched, source), [id, source]);

  const rate = async (value: "like" | "dislike") => {
    if (!account) return void (location.href = `/signin?next=/watch/${id}`);
    const next = rating?.rating === value ? "none" : value;
    ratingChanges.current += 1;
    setRating(await api<Rating>(`/api/videos/${encodeURIComponent(id)}/rating`, { method: "PUT", body: { rating: next } }));
  };

  if (failure?.code === "age_restricted") return <main id="main" class="page"><AgeGate onPassed={() => setAttempt((n) => n + 1)} /></main>;
  if (failure) return <main id="main" class="page"><Unavailable failure={failure} /></main>;
  if (!video) return <main id="main" class="page"><p class="muted">{t("common.loading")}</p></main>;

  return (
    <main id="main" class={`page watch${theater ? " is-theater" : ""}`}>
      <div class="watch-main">
        {playback ? (
          <Player playback={playback} startAt={startAt} theater={theater} onTheater={() => setTheater(!theater)} onProgress={onProgress}
            onFirstFrame={() => setRest(true)} />
        ) : (
          <div class="player placeholder" role="status">
            {video.status === "failed" ? t("video.failed", { reason: video.failure_reason ?? "" })
              : video.status === "playable" || video.status === "ready" ? t("common.loading")
              : t("video.processing", { progress: Math.round(video.progress ?? 0) })}
          </div>
        )}
        <h1 class="watch-title">{video.title}</h1>
        <div class="watch-bar">
          <span class="owner">
            <a href={`/c/${encodeURIComponent(ownerUsername(video))}`}>{ownerName(video)}</a>
            <SubscribeButton username={ownerUsername(video)} />
          </span>
          <span class="actions">
            <button type="button" aria-pressed={rating?.rating === "like"} onClick={() => rate("like")}>
              <Icon name="like" /><span class="visually-hidden">{t("video.like")}</span> <span data-testid="likes-count">{compact(rating?.likes_count ?? 0)}</span>
            </button>
            <button type="button" aria-pressed={rating?.rating === "dislike"} onClick={() => rate("dislike")} aria-label={t("video.dislike")}>
              <Icon name="dislike" />
            </button>
            <button type="button" onClick={async () => setCopied(await copyText(location.href))}>
              {copied ? t("video.shareCopied") : t("video.share")}
            </button>
            {account && <SaveButton videoId={id} />}
            {account && <ReportButton videoId={id} />}
          </span>
        </div>
        <div class="description">
          <p class="muted">
            {t("video.views", { count: views }, compact)} · {ago(video.published_at || video.created_at)}
            {watching > 0 && <> · <span data-testid="watching-now">{t("video.watchingNow", { count: watching })}</span></>}
          </p>
          {video.description && <p class="pre">{video.description}</p>}
          {video.tags && video.tags.length > 0 && <p>{video.tags.map((tag) => <a class="tag" href={`/?tag=${encodeURIComponent(tag)}`}>#{tag}</a>)}</p>}
        </div>
        {rest && <Comments videoId={id} count={video.comments_count ?? 0} />}
      </div>
      <aside class="watch-side" aria-label={t("video.similar")}>
        {rest && <LiveChat videoId={id} ownerId={video.owner?.id} />}
        <h2 id="similar-title">{t("video.similar")}</h2>
        <div class="list">{similar.map((v) => <VideoCard key={v.id} video={v} source="similar" />)}</div>
      </aside>
    </main>
  );
}

