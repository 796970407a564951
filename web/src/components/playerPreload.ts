// The first frame waits on a chain: the page's API calls, hls.js, the master playlist, the
// media playlists, the first segments. The watch page starts hls.js on the master playlist as
// soon as it knows the URL, before the player mounts or the resume position is known; the
// player then takes that instance (attaches its <video>, starts loading at its position).
import type Hls from "hls.js";
import { api } from "../lib/api";
import type { Playback } from "../lib/types";

let prepared: { url: string; hls: Promise<Hls | null> } | null = null;

export const loadHls = () => import("hls.js").then((m) => m.default);

export function preparePlayback(url: string) {
  if (prepared?.url === url) return;
  prepared?.hls.then((h) => h?.destroy());
  prepared = {
    url,
    hls: loadHls().then((HlsClass) => {
      if (!HlsClass.isSupported()) return null;
      const hls = new HlsClass({ autoStartLoad: false, capLevelToPlayerSize: false });
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

// A watch page opened directly asks for its playback before the first render, and starts
// hls.js on it at once; the page takes that answer instead of asking again.
let playbackFetch: { id: string; answer: Promise<Playback | null> } | null = null;

export function prefetchPlayback(videoId: string) {
  const answer = api<Playback>(`/api/videos/${encodeURIComponent(videoId)}/playback`).catch(() => null);
  playbackFetch = { id: videoId, answer };
  answer.then((p) => p && (p.status === "playable" || p.status === "ready") && preparePlayback(p.master_url));
}

export function takePlaybackFetch(videoId: string): Promise<Playback | null> | null {
  if (playbackFetch?.id !== videoId) return null;
  const answer = playbackFetch.answer;
  playbackFetch = null;
  return answer;
}
