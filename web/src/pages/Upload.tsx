// Upload with tus (tus-js-client, loaded only here): drag and drop or pick, progress and
// speed, pause/resume, and resuming after a reload (pick the same file again: tus finds
// the upload by the file's fingerprint). Then the details form, and processing progress
// live (video_status in the user's room) until the video plays.
import { useEffect, useRef, useState } from "preact/hooks";
import type { Upload as TusUpload } from "tus-js-client";
import { api } from "../lib/api";
import { onEvent } from "../lib/realtime";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import type { Video } from "../lib/types";
import { VideoDetails } from "../components/VideoDetails";
import { bytes, t } from "../i18n";

export function Upload() {
  const account = useObservable(me);
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState(0);
  const [speed, setSpeed] = useState(0);
  const [paused, setPaused] = useState(false);
  const [error, setError] = useState("");
  const [video, setVideo] = useState<Video | null>(null);
  const [dragging, setDragging] = useState(false);
  const upload = useRef<TusUpload | null>(null);
  const videoId = useRef<string>("");

  useEffect(() => onEvent("video_status", (d) => {
    if (d.id === videoId.current) setVideo((v) => (v ? { ...v, status: d.status, progress: d.progress, failure_reason: d.failure_reason } : v));
  }), []);
  // Polling as well, for a socket that is down or slow to join.
  useEffect(() => {
    if (!video || video.status === "ready" || video.status === "failed") return;
    const timer = setInterval(() => api<Video>(`/api/videos/${video.id}`).then((v) => setVideo((old) => ({ ...old!, status: v.status, progress: v.progress, failure_reason: v.failure_reason }))).catch(() => {}), 2000);
    return () => clearInterval(timer);
  }, [video?.id, video?.status]);

  const start = async (chosen: File) => {
    setFile(chosen);
    setError("");
    const { Upload: Tus } = await import("tus-js-client");
    let last = { at: performance.now(), bytes: 0 };
    const created = (id: string) => {
      if (!id || videoId.current === id) return;
      videoId.current = id;
      api<Video>(`/api/videos/${id}`).then(setVideo).catch(() => {});
    };
    const tus = new Tus(chosen, {
      endpoint: "/api/uploads",
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      metadata: { filename: chosen.name, filetype: chosen.type || "video/mp4", title: chosen.name.replace(/\.[^.]+$/, "") },
      removeFingerprintOnSuccess: true,
      onAfterResponse: (_req, res) => created(res.getHeader("Marquee-Video-Id") ?? ""),
      onProgress: (done) => {
        setSent(done);
        const now = performance.now();
        if (now - last.at > 500) {
          setSpeed(((done - last.bytes) * 1000) / (now - last.at));
          last = { at: now, bytes: done };
        }
      },
      onError: (e) => setError(e.message),
      // Every tus answer (creation, HEAD on resume, PATCH) names the video.
      onSuccess: () => setSent(chosen.size),
    });
    const previous = await tus.findPreviousUploads();
    if (previous.length) tus.resumeFromPreviousUpload(previous[0]);
    upload.current = tus;
    tus.start();
  };

  if (account === null) return <main id="main" class="page narrow"><p><a href="/signin?next=/upload">{t("upload.signIn")}</a></p></main>;
  const percent = file ? Math.floor((sent / Math.max(file.size, 1)) * 100) : 0;
  return (
    <main id="main" class="page narrow">
      <h1>{t("upload.title")}</h1>
      {!file && (
        <label class={`dropzone${dragging ? " dragging" : ""}`}
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => { e.preventDefault(); setDragging(false); const f = e.dataTransfer?.files[0]; if (f) start(f); }}>
          <span>{t("upload.drop")}</span>
          <input type="file" accept="video/*" onChange={(e) => { const f = (e.target as HTMLInputElement).files?.[0]; if (f) start(f); }} />
        </label>
      )}
      {file && (
        <section aria-label={file.name}>
          <p>{file.name}</p>
          <progress max={100} value={percent} aria-label={t("upload.progress", { percent, speed: bytes(speed) })} />
          <p role="status">{t("upload.progress", { percent, speed: bytes(speed) })}</p>
          {percent < 100 && (
            <button type="button" onClick={() => {
              if (paused) upload.current?.start();
              else upload.current?.abort();
              setPaused(!paused);
            }}>{paused ? t("upload.resume") : t("upload.pause")}</button>
          )}
        </section>
      )}
      {error && <p role="alert" class="error">{error}</p>}
      {video && (
        <>
          <p role="status" data-testid="processing-status">
            {video.status === "ready" || video.status === "playable"
              ? <>{t("upload.ready")} <a href={`/watch/${video.id}`}>{t("upload.watch")}</a></>
              : video.status === "failed" ? t("video.failed", { reason: video.failure_reason ?? "" })
              : t("upload.processing", { progress: Math.round(video.progress ?? 0) })}
          </p>
          <VideoDetails key={video.id} video={video} heading={t("upload.details")} onSaved={setVideo} />
        </>
      )}
    </main>
  );
}
