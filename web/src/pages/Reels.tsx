// Reels: short vertical videos full screen, one at a time; the next is loaded while this
// one plays. Arrow keys, the wheel, a swipe or the buttons move between them (not while
// typing, nor inside the comments panel). Each reel has its like button (the watch page's
// rating API, live counts in the video's room), a comments panel over it and a share button.
import { useEffect, useRef, useState } from "preact/hooks";
import { Player } from "../components/Player";
import { Comments } from "../components/Comments";
import { api } from "../lib/api";
import { copyText } from "../lib/clipboard";
import { Icon } from "../components/Icon";
import { sendBeacon } from "../lib/beacon";
import { joinRoom, onEvent } from "../lib/realtime";
import { navigate } from "../lib/router";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import type { Page, Playback, Video } from "../lib/types";
import { ownerName, ownerUsername } from "../lib/types";
import { compact, t } from "../i18n";

type Rating = { rating: "like" | "dislike" | "none"; likes_count: number; dislikes_count: number };

const session = Math.random().toString(36).slice(2, 12);

// Keys typed into a field, or pressed inside the comments panel, are not for moving reels.
function keyIsForSomethingElse(e: Event): boolean {
  const target = e.target as HTMLElement | null;
  if (!target || !(target instanceof Element)) return false;
  if (target.closest(".reel-panel")) return true;
  const tag = target.tagName;
  return tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && (target as HTMLInputElement).type !== "range") || target.isContentEditable;
}

function Reel({ video, active }: { video: Video; active: boolean }) {
  const account = useObservable(me);
  const [playback, setPlayback] = useState<Playback | null>(null);
  const [rating, setRating] = useState<Rating>({ rating: video.my_rating ?? "none", likes_count: video.likes_count ?? 0, dislikes_count: video.dislikes_count ?? 0 });
  const [comments, setComments] = useState(video.comments_count ?? 0);
  const [panel, setPanel] = useState(false);
  const [shared, setShared] = useState("");
  const [likeError, setLikeError] = useState("");
  const ratingChanges = useRef(0);
  const liking = useRef(false);
  const likeWhenKnown = useRef(false);
  const commentsButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const panelBox = useRef<HTMLDivElement>(null);
  const panelId = `reel-comments-${video.id}`;
  const watchUrl = `/watch/${encodeURIComponent(video.id)}`;

  useEffect(() => {
    api<Playback>(`/api/videos/${encodeURIComponent(video.id)}/playback`).then(setPlayback).catch(() => {});
  }, [video.id]);

  // The viewer's own rating, once known to be signed in, for the reel on screen.
  const who = account === undefined ? undefined : account?.id ?? "";
  useEffect(() => {
    if (!active || !who) return;
    const asked = ratingChanges.current;
    api<Rating>(`/api/videos/${encodeURIComponent(video.id)}/rating`)
      .then((r) => ratingChanges.current === asked && setRating(r))
      .catch(() => {});
  }, [video.id, active, who]);

  // Live counts while on screen (the Comments panel hears new comments in the same room).
  useEffect(() => {
    if (!active) return;
    const leave = joinRoom(`video:${video.id}`);
    const offLikes = onEvent("like_update", (d) => d.video_id === video.id &&
      setRating((r) => ({ rating: r.rating, likes_count: d.likes_count, dislikes_count: d.dislikes_count })));
    const offCreated = onEvent("comment_created", (c) => c.video_id === video.id && setComments((n) => n + 1));
    const offDeleted = onEvent("comment_deleted", (d) => d.video_id === video.id && setComments((n) => Math.max(0, n - 1)));
    return () => { leave(); offLikes(); offCreated(); offDeleted(); };
  }, [video.id, active]);

  useEffect(() => {
    if (!active) setPanel(false);
  }, [active]);
  useEffect(() => {
    if (!panel) return;
    closeButton.current?.focus();
    // All of the panel on screen, where the page is taller than the screen (a phone).
    panelBox.current?.scrollIntoView({ block: "nearest" });
  }, [panel]);

  // Signed out (null) goes to sign in; a click before the session is known (undefined) is
  // acted on once it is. One rating change at a time: clicks meanwhile are ignored.
  const like = async () => {
    if (account === undefined) {
      likeWhenKnown.current = true;
      return;
    }
    if (account === null) return navigate(`/signin?next=${encodeURIComponent("/reels")}`);
    if (liking.current) return;
    liking.current = true;
    setLikeError("");
    const next = rating.rating === "like" ? "none" : "like";
    ratingChanges.current += 1;
    try {
      setRating(await api<Rating>(`/api/videos/${encodeURIComponent(video.id)}/rating`, { method: "PUT", body: { rating: next } }));
    } catch (e) {
      setLikeError((e as Error).message);
    } finally {
      liking.current = false;
    }
  };
  useEffect(() => {
    if (account === undefined || !likeWhenKnown.current) return;
    likeWhenKnown.current = false;
    if (active) void like();
  }, [account]);
  const share = async () => {
    const url = new URL(watchUrl, location.href).href;
    setShared(await copyText(url) ? t("video.shareCopied") : t("reels.shareLink", { url }));
  };
  const closePanel = () => {
    setPanel(false);
    setTimeout(() => commentsButton.current?.focus());
  };

  return (
    <section class={`reel${active ? " active" : ""}`} aria-hidden={!active} aria-label={video.title}>
      {playback && (
        <Player key={`${video.id}-${active}`} playback={playback} autoPlay={active}
          onProgress={(p, w) => active && sendBeacon(video.id, p, w, "reels")} />
      )}
      <div class="reel-overlay">
        <h2><a href={`${watchUrl}?source=reels`}>{video.title}</a></h2>
        <p><a href={`/c/${encodeURIComponent(ownerUsername(video))}`}>{ownerName(video)}</a></p>
      </div>
      <div class="reel-actions" role="group" aria-label={t("reels.actions")}>
        <button type="button" class="reel-action" aria-pressed={rating.rating === "like"} onClick={like}>
          <Icon name="like" /><span class="visually-hidden">{t("video.like")}</span>
          <span class="reel-count" data-testid="reel-likes">{compact(rating.likes_count)}</span>
        </button>
        <button type="button" class="reel-action" ref={commentsButton} aria-expanded={panel} aria-controls={panelId}
          onClick={() => (panel ? closePanel() : setPanel(true))}>
          <Icon name="comment" /><span class="visually-hidden">{t("reels.comments")}</span>
          <span class="reel-count" data-testid="reel-comments">{compact(comments)}</span>
        </button>
        <button type="button" class="reel-action" onClick={share}>
          <Icon name="share" /><span class="reel-count">{t("video.share")}</span>
        </button>
      </div>
      <p class="reel-shared" role="status">{shared}</p>
      <p class="reel-shared reel-like-error" role="status">{likeError}</p>
      {panel && (
        <div ref={panelBox} class="reel-panel" id={panelId} role="dialog" aria-label={t("reels.comments")}
          onKeyDown={(e) => { if (e.key === "Escape") { e.stopPropagation(); closePanel(); } }}>
          <div class="reel-panel-head">
            <button type="button" ref={closeButton} class="icon" onClick={closePanel} aria-label={t("reels.closeComments")}>
              <Icon name="close" />
            </button>
          </div>
          <Comments videoId={video.id} count={comments} />
        </div>
      )}
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
      // Not while typing a comment or reading the panel, nor a key the player already took.
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || keyIsForSomethingElse(e)) return;
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
        if (keyIsForSomethingElse(e)) return;
        const now = Date.now();
        if (now - lastWheel.current < 600 || Math.abs(e.deltaY) < 20) return;
        lastWheel.current = now;
        move(e.deltaY > 0 ? 1 : -1);
      }}
      onTouchStart={(e) => (touchY.current = keyIsForSomethingElse(e) ? null : e.touches[0].clientY)}
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
