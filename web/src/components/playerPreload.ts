// The first frame waits on a chain: the page's API calls, hls.js, the master playlist, the
// media playlists, the first segments, and a <video> to put them in. The watch page starts
// hls.js loading as soon as it knows the URL, before the player mounts or the resume
// position is known; the player then takes that instance (attaches its <video>, seeks to the
// resume position). On a watch page opened directly, boot.ts starts all of it without
// waiting for the app's main script, and what has arrived by the first render is taken
// synchronously, so the player mounts and attaches in that render's commit.
import type Hls from "hls.js";
import { api } from "../lib/api";
import { match } from "../lib/router";
import type { Playback, Video } from "../lib/types";

type HlsClass = typeof Hls;
let hlsClass: HlsClass | null = null;

export const loadHls = (): Promise<HlsClass> =>
  hlsClass ? Promise.resolve(hlsClass) : import("hls.js").then((m) => (hlsClass = m.default));

// hls.js once it has loaded, else null.
export const loadedHls = () => hlsClass;

type Prepared = { url: string; hls: Promise<Hls | null>; ready?: Hls | null };
let prepared: Prepared | null = null;

export function preparePlayback(url: string) {
  if (prepared?.url === url) return;
  prepared?.hls.then((h) => h?.destroy());
  const entry: Prepared = {
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
  entry.hls.then((h) => (entry.ready = h), () => {});
  prepared = entry;
}

// The instance prepared for `url` (once: the caller owns it), or null. `now` holds it when it
// is already there (undefined: not yet).
export function takePrepared(url: string): { hls: Promise<Hls | null>; now: Hls | null | undefined } | null {
  if (prepared?.url !== url) return null;
  const { hls, ready } = prepared;
  prepared = null;
  return { hls, now: ready };
}

// A watch page opened directly asks for its video and playback before the first render, and
// starts hls.js on the playback at once; the page takes those answers instead of asking again
// (the answers themselves when they are in by then).
type Prefetched = {
  id: string;
  playback: Promise<Playback | null>;
  video: Promise<Video>;
  now?: { video: Video; playback: Playback | null };
};
let prefetched: Prefetched | null = null;

// A video (or its playback answer) that has something to play.
export const playable = (item: { status?: string }) => item.status === "playable" || item.status === "ready";

let started = false;

// Once per page load, from boot.ts or the main script, whichever runs first: a /watch/{id}
// path prefetches its video and starts its playback.
export function startWatchPage(path: string) {
  if (started) return;
  started = true;
  const watched = match("/watch/:id", path);
  if (watched) prefetchWatch(watched.id);
}

function prefetchWatch(videoId: string) {
  const path = `/api/videos/${encodeURIComponent(videoId)}`;
  const playback = api<Playback>(`${path}/playback`).catch(() => null);
  const video = api<Video>(path);
  const entry: Prefetched = { id: videoId, playback, video };
  Promise.all([video, playback]).then(([v, p]) => (entry.now = { video: v, playback: p }), () => {});
  prefetched = entry;
  playback.then((p) => {
    if (p && playable(p)) {
      // The poster is the page's largest picture: it loads now, not once the page renders.
      if (p.poster_url) new Image().src = p.poster_url;
      preparePlayback(p.master_url);
    }
  });
}

export function takePrefetched(videoId: string): Prefetched | null {
  if (prefetched?.id !== videoId) return null;
  const answers = prefetched;
  prefetched = null;
  return answers;
}
