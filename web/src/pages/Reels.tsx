// Reels: short vertical videos full screen, one at a time; the next is loaded while this
// one plays. Arrow keys, the wheel, a swipe or the buttons move between them.
import { useEffect, useRef, useState } from "preact/hooks";
import { Player } from "../components/Player";
import { api } from "../lib/api";
import { Icon } from "../components/Icon";
import { sendBeacon } from "../lib/beacon";
import type { Page, Playback, Video } from "../lib/types";
import { ownerName, ownerUsername } from "../lib/types";
import { compact, t } from "../i18n";

const session = Math.random().toString(36).slice(2, 12);

function Reel({ video, active }: { video: Video; active: boolean }) {
  const [playback, setPlayback] = useState<Playback | null>(null);
  useEffect(() => {
    api<Playback>(`/api/videos/${video.id}/playback`).then(setPlayback).catch(() => {});
  }, [video.id]);
  return (
    <section class={`reel${active ? " active" : ""}`} aria-hidden={!active} aria-label={video.title}>
      {playback && (
        <Player key={`${video.id}-${active}`} playback={playback} autoPlay={active}
          onProgress={(p, w) => active && sendBeacon(video.id, p, w, "reels")} />
      )}
      <div class="reel-overlay">
        <h2><a href={`/watch/${video.id}?source=reels`}>{video.title}</a></h2>
        <p><a href={`/c/${ownerUsername(video)}`}>{ownerName(video)}</a> · {t("video.likes", { count: compact(video.likes_count ?? 0) })} · {t("comments.title", { count: compact(video.comments_count ?? 0) })}</p>
      </div>
    </section>
  );
}

export function Reels() {
  const [items, setItems] = useState<Video[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const touchY = useRef<number | null>(null);
  const lastWheel = useRef(0);

  const load = async (from: string | null) => {
    const page = await api<Page<Video>>(`/api/feed/reels?session=${session}${from ? `&cursor=${encodeURIComponent(from)}` : ""}`);
    setItems((old) => [...old, ...page.items]);
    setCursor(page.next_cursor ?? null);
  };
  useEffect(() => { load(null).catch(() => {}); }, []);
  useEffect(() => { if (cursor && index >= items.length - 2) load(cursor).catch(() => {}); }, [index]);

  const move = (step: number) => setIndex((i) => Math.max(0, Math.min(items.length - 1, i + step)));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "ArrowDown" || e.key === "PageDown") move(1);
      else if (e.key === "ArrowUp" || e.key === "PageUp") move(-1);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items.length]);

  return (
    <main id="main" class="reels"
      onWheel={(e) => {
        const now = Date.now();
        if (now - lastWheel.current < 600 || Math.abs(e.deltaY) < 20) return;
        lastWheel.current = now;
        move(e.deltaY > 0 ? 1 : -1);
      }}
      onTouchStart={(e) => (touchY.current = e.touches[0].clientY)}
      onTouchEnd={(e) => {
        if (touchY.current === null) return;
        const dy = touchY.current - e.changedTouches[0].clientY;
        if (Math.abs(dy) > 50) move(dy > 0 ? 1 : -1);
        touchY.current = null;
      }}>
      <h1 class="visually-hidden">{t("reels.title")}</h1>
      {items.length === 0 && <p class="muted page">{t("feed.empty")}</p>}
      {items.map((v, i) => (i === index || i === index + 1 ? <Reel key={v.id} video={v} active={i === index} /> : null))}
      <div class="reel-nav">
        <button type="button" class="icon" onClick={() => move(-1)} disabled={index === 0} aria-label={t("reels.previous")}><Icon name="up" /></button>
        <button type="button" class="icon" onClick={() => move(1)} disabled={index >= items.length - 1} aria-label={t("reels.next")}><Icon name="down" /></button>
      </div>
    </main>
  );
}
