// The first frame waits on a chain: the page's API calls, hls.js, the master playlist, the
// media playlists, the first segments. The watch page starts hls.js loading as soon as it
// knows the URL, before the player mounts or the resume position is known; the player then
// takes that instance (attaches its <video>, seeks to the resume position). On a watch page
// opened directly, boot.ts starts all of it without waiting for the app's main script.
import type Hls from "hls.js";
import { api } from "../lib/api";
import { match } from "../lib/router";
import type { Playback, Video } from "../lib/types";

export const loadHls = () => import("hls.js").then((m) => m.default);

let prepared: { url: string; hls: Promise<Hls | null> } | null = null;


export function preparePlayback(url: string) {
  if (prepared?.url === url) return;
  prepared?.hls.then((h) => h?.destroy());
  prepared = {
    url,
    hls: loadHls().then((HlsClass) => {
      if (!HlsClass.isSupported()) return null;
      // It starts at the beginning at once (its first segment too, before the player attaches
      // its <video>); a resumed viewer's position is sought to later.
      const hls = new HlsClass({ capLevelToPlayerSize: false, startFragPrefetch: true });
      hls.loadSource(url);
      return hls;
    }),
  };
}

// The instance prepared for `url` (once: the caller owns it), or null.
export function takePrepared(url: string): Promise<Hls | null> | null {
  if (prepared?.url !== url) return null;
  const hls = prepared.hls;
  prepared = null;
  return hls;
}

// A watch page opened directly asks for its video and playback before the first render, and
// starts hls.js on the playback at once; the page takes those answers instead of asking again.
type Prefetched = { id: string; playback: Promise<Playback | null>; video: Promise<Video> };
let prefetched: Prefetched | null = null;

let started = false;

// Once per page load, from boot.ts or the main script, whichever runs first: a /watch/{id}
// path prefetches its video and starts its playback.
export function startWatchPage(path: string) {
  if (started) return;
  started = true;
  const watched = match("/watch/:id", path);
  if (watched) prefetchWatch(watched.id);
}

export function prefetchWatch(videoId: string) {
  const path = `/api/videos/${encodeURIComponent(videoId)}`;
  const playback = api<Playback>(`${path}/playback`).catch(() => null);
  const video = api<Video>(path);
  video.catch(() => {});  // the page reads the failure when it takes the answer
  prefetched = { id: videoId, playback, video };
  playback.then((p) => p && (p.status === "playable" || p.status === "ready") && preparePlayback(p.master_url));
}

export function takePrefetched(videoId: string): Prefetched | null {
  if (prefetched?.id !== videoId) return null;
  const answers = prefetched;
  prefetched = null;
  return answers;
}
