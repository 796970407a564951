// The clip-to-video creator (docs/studio.md): projects; photos made into clips (credits per
// generation), approved and ordered; compiles with a transition and music, published as a
// video when asked. Clip and compile progress arrive live (clip_status, final_video_status).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { onEvent } from "../lib/realtime";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import { t } from "../i18n";

type Project = { id: string; title: string; status: string; clip_count: number; width: number; height: number; created_at: string };
type Clip = { id: string; order: number; status: string; approved: boolean; motion: string; duration_ms: number; image_url: string; video_url: string | null; failure_reason: string | null };
type Final = { id: string; status: string; progress: number; download_url: string | null; video_id: string | null; failure_reason: string | null; created_at: string };
type Track = { id: string; title: string; artist: string };

const motions = ["zoom_in", "zoom_out", "pan_left", "pan_right", "pan_up", "pan_down"];
const transitions = ["cut", "fade", "dissolve", "fadeblack", "wipeleft", "slideleft", "circleopen", "radial", "pixelize", "zoomin"];
const message = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

export function Creator() {
  const account = useObservable(me);
  const [projects, setProjects] = useState<Project[]>([]);
  const [title, setTitle] = useState("");
  const [error, setError] = useState("");
  const [balance, setBalance] = useState<number | null>(null);
  useEffect(() => {
    if (!account) return;
    api<{ items: Project[] }>("/api/studio/projects").then((r) => setProjects(r.items)).catch((e) => setError(message(e)));
    api<{ balance: number }>("/api/me/credits?limit=1").then((r) => setBalance(r.balance)).catch(() => {});
  }, [account?.id]);
  if (account === null) return <main id="main" class="page"><p><a href="/signin?next=/studio/creator">{t("nav.signIn")}</a></p></main>;
  return (
    <main id="main" class="page">
      <div class="row">
        <h1>{t("creator.title")}</h1>
        {balance !== null && <p class="muted">{t("creator.balance", { count: balance })}</p>}
      </div>
      <form class="inline" onSubmit={async (e) => {
        e.preventDefault();
        try {
          const p = await api<Project>("/api/studio/projects", { method: "POST", body: { title } });
          setProjects([p, ...projects]);
          setTitle("");
        } catch (err) {
          setError(message(err));
        }
      }}>
        <label>{t("creator.newProject")}{" "}<input value={title} required maxLength={200} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} /></label>
        <button type="submit" class="primary">{t("creator.create")}</button>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
      <ul class="plain">
        {projects.map((p) => (
          <li key={p.id}><a href={`/studio/projects/${p.id}`}>{p.title}</a> <span class="muted">· {t("creator.clips", { count: p.clip_count })} · {p.width}×{p.height}</span></li>
        ))}
      </ul>
      {projects.length === 0 && <p class="muted">{t("creator.noProjects")}</p>}
    </main>
  );
}

function ClipCard({ projectId, clip, first, last, onChange, onMove, onDelete }: {
  projectId: string; clip: Clip; first: boolean; last: boolean; onChange: (c: Clip) => void; onMove: (step: number) => void; onDelete: () => void;
}) {
  return (
    <li class="clip">
      {clip.video_url ? <video src={clip.video_url} muted loop playsInline controls preload="metadata" aria-label={t("creator.clipPreview", { n: clip.order + 1 })} />
        : <img src={clip.image_url} alt={t("creator.clipPhoto", { n: clip.order + 1 })} />}
      <p>{clip.order + 1}. {clip.motion.replace("_", " ")} · {(clip.duration_ms / 1000).toFixed(1)} s · <span data-testid="clip-status">{clip.status}</span>
        {clip.failure_reason && <span class="error"> {clip.failure_reason}</span>}</p>
      <div class="inline">
        <label><input type="checkbox" checked={clip.approved} disabled={clip.status !== "ready"} onChange={async (e) => {
          onChange(await api<Clip>(`/api/studio/projects/${projectId}/clips/${clip.id}`, { method: "PATCH", body: { approved: (e.target as HTMLInputElement).checked } }));
        }} /> {t("creator.approved")}</label>
        <button type="button" class="icon" disabled={first} onClick={() => onMove(-1)} aria-label={t("creator.moveUp", { n: clip.order + 1 })}>↑</button>
        <button type="button" class="icon" disabled={last} onClick={() => onMove(1)} aria-label={t("creator.moveDown", { n: clip.order + 1 })}>↓</button>
        <button type="button" class="link danger" onClick={onDelete}>{t("studio.delete")}</button>
      </div>
    </li>
  );
}

export function CreatorProject({ params }: { params: Record<string, string> }) {
  const id = encodeURIComponent(params.id);
  const [project, setProject] = useState<Project | null>(null);
  const [clips, setClips] = useState<Clip[]>([]);
  const [finals, setFinals] = useState<Final[]>([]);
  const [tracks, setTracks] = useState<Track[]>([]);
  const [motion, setMotion] = useState("zoom_in");
  const [duration, setDuration] = useState(4);
  const [transition, setTransition] = useState("dissolve");
  const [music, setMusic] = useState("");
  const [volume, setVolume] = useState(50);
  const [publishTitle, setPublishTitle] = useState("");
  const [visibility, setVisibility] = useState("unlisted");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const loadClips = () => api<{ items: Clip[] }>(`/api/studio/projects/${id}/clips`).then((r) => setClips(r.items));
  useEffect(() => {
    api<Project>(`/api/studio/projects/${id}`).then((p) => { setProject(p); setPublishTitle(p.title); }).catch((e) => setError(message(e)));
    loadClips().catch(() => {});
    api<{ items: Final[] }>(`/api/studio/projects/${id}/final-videos`).then((r) => setFinals(r.items)).catch(() => {});
    api<{ items: Track[] }>("/api/studio/music").then((r) => setTracks(r.items)).catch(() => {});
    const offClip = onEvent("clip_status", (d) => { if (d.project_id === id) loadClips().catch(() => {}); });
    const offFinal = onEvent("final_video_status", (d) => {
      if (d.project_id !== id) return;
      api<Final>(`/api/studio/final-videos/${d.id}`).then((f) => setFinals((old) => old.map((x) => (x.id === f.id ? f : x)))).catch(() => {});
    });
    return () => { offClip(); offFinal(); };
  }, [id]);

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    setError("");
    setBusy(true);
    for (const file of Array.from(files)) {
      try {
        const response = await fetch(`/api/studio/projects/${id}/clips?motion=${motion}&duration_ms=${duration * 1000}`, {
          method: "POST", headers: { "Content-Type": file.type || "image/jpeg" }, body: file,
        });
        if (!response.ok) throw new Error((await response.json()).error?.message ?? response.statusText);
        const clip = (await response.json()) as Clip;
        setClips((old) => [...old, clip]);
      } catch (e) {
        setError(`${file.name}: ${message(e)}`);
      }
    }
    setBusy(false);
  };
  const move = async (index: number, step: number) => {
    const order = clips.map((c) => c.id);
    [order[index], order[index + step]] = [order[index + step], order[index]];
    try {
      await api(`/api/studio/projects/${id}/clips/order`, { method: "PATCH", body: { clip_ids: order } });
      await loadClips();
    } catch (e) {
      setError(message(e));
    }
  };

  if (!project) return <main id="main" class="page">{error ? <p role="alert" class="error">{error}</p> : <p class="muted">{t("common.loading")}</p>}</main>;
  const approved = clips.filter((c) => c.approved).length;
  return (
    <main id="main" class="page">
      <p><a href="/studio/creator">{t("creator.title")}</a></p>
      <h1>{project.title}</h1>
      <section aria-labelledby="add-title">
        <h2 id="add-title">{t("creator.addPhotos")}</h2>
        <div class="inline">
          <label>{t("creator.motion")}{" "}<select value={motion} onChange={(e) => setMotion((e.target as HTMLSelectElement).value)}>
            {motions.map((m) => <option value={m}>{m.replace("_", " ")}</option>)}</select></label>
          <label>{t("creator.seconds")}{" "}<input type="number" min={1} max={20} value={duration} onInput={(e) => setDuration(Number((e.target as HTMLInputElement).value))} /></label>
          <label class="button">{t("creator.choosePhotos")}<input class="visually-hidden" type="file" accept="image/jpeg,image/png,image/webp" multiple disabled={busy}
            onChange={(e) => addPhotos((e.target as HTMLInputElement).files)} /></label>
        </div>
      </section>
      {error && <p role="alert" class="error">{error}</p>}
      <ol class="clips">
        {clips.map((c, i) => (
          <ClipCard key={c.id} projectId={id} clip={c} first={i === 0} last={i === clips.length - 1}
            onChange={(n) => setClips(clips.map((x) => (x.id === n.id ? n : x)))}
            onMove={(step) => move(i, step)}
            onDelete={async () => { await api(`/api/studio/projects/${id}/clips/${c.id}`, { method: "DELETE" }); await loadClips(); }} />
        ))}
      </ol>
      <section aria-labelledby="compile-title">
        <h2 id="compile-title">{t("creator.compile")}</h2>
        <form class="inline" onSubmit={async (e) => {
          e.preventDefault();
          setError("");
          try {
            const f = await api<Final>(`/api/studio/projects/${id}/compile`, { method: "POST", body: {
              transition, transition_ms: transition === "cut" ? 0 : 500, music_track_id: music || null, music_volume: volume,
              publish: publishTitle ? { title: publishTitle, visibility } : undefined,
            } });
            setFinals([f, ...finals]);
          } catch (err) {
            setError(message(err));
          }
        }}>
          <label>{t("creator.transition")}{" "}<select value={transition} onChange={(e) => setTransition((e.target as HTMLSelectElement).value)}>
            {transitions.map((x) => <option value={x}>{x}</option>)}</select></label>
          <label>{t("creator.music")}{" "}<select value={music} onChange={(e) => setMusic((e.target as HTMLSelectElement).value)}>
            <option value="">{t("creator.noMusic")}</option>
            {tracks.map((tr) => <option value={tr.id}>{tr.title}{tr.artist ? ` · ${tr.artist}` : ""}</option>)}</select></label>
          <label>{t("creator.volume")}{" "}<input type="number" min={0} max={100} value={volume} onInput={(e) => setVolume(Number((e.target as HTMLInputElement).value))} /></label>
          <label>{t("creator.publishAs")}{" "}<input value={publishTitle} maxLength={200} onInput={(e) => setPublishTitle((e.target as HTMLInputElement).value)} /></label>
          <label>{t("upload.visibility")}{" "}<select value={visibility} onChange={(e) => setVisibility((e.target as HTMLSelectElement).value)}>
            <option value="public">{t("upload.visibility.public")}</option><option value="unlisted">{t("upload.visibility.unlisted")}</option><option value="private">{t("upload.visibility.private")}</option></select></label>
          <button type="submit" class="primary" disabled={approved === 0}>{t("creator.compileApproved", { count: approved })}</button>
        </form>
        <ul class="plain">
          {finals.map((f) => (
            <li key={f.id}>
              <span data-testid="final-status">{f.status}{f.status === "compiling" ? ` ${Math.round(f.progress)}%` : ""}</span>
              {f.download_url && <> · <a href={f.download_url}>{t("creator.download")}</a></>}
              {f.video_id && f.status === "ready" && <> · <a href={`/watch/${f.video_id}`}>{t("upload.watch")}</a></>}
              {f.failure_reason && <span class="error"> {f.failure_reason}</span>}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
