import { compact, duration, ago, t } from "../i18n";
import { ownerName, type Video } from "../lib/types";

export function VideoCard({ video, source }: { video: Video; source?: string }) {
  const href = `/watch/${encodeURIComponent(video.id)}${source ? `?source=${source}` : ""}`;
  return (
    <article class="card">
      <a href={href} class="card-thumb" aria-hidden="true" tabIndex={-1}>
        {video.thumbnail_url ? <img src={video.thumbnail_url} alt="" loading="lazy" width={320} height={180} /> : <div class="thumb-empty" />}
        {video.duration_ms ? <span class="badge-duration">{duration(video.duration_ms)}</span> : null}
        {video.is_premium ? <span class="badge-premium">{t("video.premium")}</span> : null}
      </a>
      <div class="card-body">
        <h3 class="card-title"><a href={href}>{video.title}</a></h3>
        <p class="card-meta">
          {ownerName(video)}
          {" · "}
          {t("video.views", { count: video.views_count ?? 0 }, compact)}
          {" · "}
          {ago(video.published_at || video.created_at)}
          {video.score !== undefined ? <> · {t("video.match", { score: Math.round(video.score * 100) })}</> : null}
        </p>
      </div>
    </article>
  );
}
