// The view beacon (docs/views.md): position and cumulative watch time of this playback
// session, with where the viewer came from (studio analytics' traffic sources).
const sessionIds = new Map<string, string>();

export type Source = "home" | "search" | "similar" | "subscriptions" | "channel" | "playlist" | "reels" | "external";
const sources: Source[] = ["home", "search", "similar", "subscriptions", "channel", "playlist", "reels", "external"];
export const sourceOf = (value: string | null): Source => (sources.includes(value as Source) ? (value as Source) : "external");

export function sendBeacon(videoId: string, positionMs: number, watchedMs: number, source: Source) {
  let session = sessionIds.get(videoId);
  if (!session) {
    session = crypto.randomUUID();
    sessionIds.set(videoId, session);
  }
  fetch(`/api/videos/${encodeURIComponent(videoId)}/views`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ position_ms: Math.round(positionMs), watched_ms: Math.round(watchedMs), session_id: session, source }),
    keepalive: true,
  }).catch(() => {});
}
