// One video's analytics for its owner (GET /api/studio/videos/{id}/analytics): views, watch
// time, average view duration, audience retention, likes and comments, traffic sources.
import { useEffect, useState } from "preact/hooks";
import { BarChart, LineChart } from "../components/Charts";
import { api } from "../lib/api";
import type { Video } from "../lib/types";
import { compact, duration, t } from "../i18n";

// docs/studio.md, Analytics: likes and comments are net (added − removed) per day.
type Figures = {
  views: number; watch_time_ms: number; average_view_duration_ms: number;
  likes: number; likes_added: number; likes_removed: number;
  comments: number; comments_added: number; comments_removed: number;
  sources: Record<string, number>;
};
type Day = Figures & { date: string };
type Analytics = {
  video_id: string;
  from: string;
  to: string;
  duration_ms: number;
  totals: Figures;
  days: Day[];
  // The share of sessions still watching at each percent of the video, over its whole life.
  retention: { sessions: number; points: { point: number; position_ms: number; sessions: number; share: number }[] };
};

export function AnalyticsView({ data }: { data: Analytics }) {
  const day = (d: Day) => d.date.slice(5);
  return (
    <>
      <div class="stats">
        <div class="stat"><span>{t("analytics.views")}</span><strong data-testid="total-views">{compact(data.totals.views)}</strong></div>
        <div class="stat"><span>{t("analytics.watchTime")}</span><strong>{(data.totals.watch_time_ms / 3.6e6).toFixed(1)}</strong></div>
        <div class="stat"><span>{t("analytics.avgDuration")}</span><strong>{duration(data.totals.average_view_duration_ms)}</strong></div>
        <div class="stat"><span>{t("analytics.likes")}</span><strong>{compact(data.totals.likes_added)}</strong></div>
        <div class="stat"><span>{t("analytics.comments")}</span><strong>{compact(data.totals.comments_added)}</strong></div>
      </div>
      <div class="charts">
        <LineChart title={t("analytics.views")} points={data.days.map((d) => ({ label: day(d), value: d.views }))} />
        <LineChart title={t("analytics.watchTime")} points={data.days.map((d) => ({ label: day(d), value: d.watch_time_ms / 3.6e6 }))} format={(n) => n.toFixed(2)} />
        <LineChart title={t("analytics.avgDuration")} points={data.days.map((d) => ({ label: day(d), value: d.average_view_duration_ms }))} format={(n) => duration(n)} />
        <LineChart title={t("analytics.retention")} max={1} points={data.retention.points.map((r) => ({ label: duration(r.position_ms), value: r.share }))} format={(n) => `${Math.round(n * 100)}%`} />
        <LineChart title={t("analytics.likes")} points={data.days.map((d) => ({ label: day(d), value: d.likes }))} />
        <LineChart title={t("analytics.comments")} points={data.days.map((d) => ({ label: day(d), value: d.comments }))} />
        <BarChart title={t("analytics.sources")} points={Object.entries(data.totals.sources).map(([label, value]) => ({ label, value }))} />
      </div>
    </>
  );
}

export function Analytics({ params, query }: { params: Record<string, string>; query: URLSearchParams }) {
  const [video, setVideo] = useState<Video | null>(null);
  const [data, setData] = useState<Analytics | null>(null);
  const [error, setError] = useState("");
  const days = Number(query.get("days") ?? 28);
  const id = encodeURIComponent(params.id);
  useEffect(() => {
    const to = new Date();
    const from = new Date(to.getTime() - (days - 1) * 86400000);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    api<Video>(`/api/videos/${id}`).then(setVideo).catch(() => {});
    api<Analytics>(`/api/studio/videos/${id}/analytics?from=${iso(from)}&to=${iso(to)}`).then(setData).catch((e) => setError(e.message));
  }, [id, days]);
  return (
    <main id="main" class="page">
      <h1>{t("analytics.title", { title: video?.title ?? "" })}</h1>
      <div class="chips" role="group" aria-label="Range">
        {[7, 28, 90, 365].map((n) => <a href={`/studio/videos/${id}?days=${n}`} aria-current={n === days ? "page" : undefined}>{t("analytics.range", { days: n })}</a>)}
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      {data ? <AnalyticsView data={data} /> : !error && <p class="muted">{t("common.loading")}</p>}
    </main>
  );
}
