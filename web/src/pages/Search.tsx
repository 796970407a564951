import { VideoGrid } from "../components/VideoGrid";
import { query } from "../lib/api";
import { navigate } from "../lib/router";
import { t } from "../i18n";

export function Search({ query: q }: { query: URLSearchParams }) {
  const text = q.get("q") ?? "";
  const sort = q.get("sort") ?? "relevance";
  const durationFilter = q.get("duration") ?? "";
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(q);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate(`/search?${next.toString()}`, true);
  };
  return (
    <main id="main" class="page">
      <h1>{t("search.results", { q: text })}</h1>
      <div class="filters">
        <label>{t("search.sort")}{" "}
          <select value={sort} onChange={(e) => set("sort", (e.target as HTMLSelectElement).value)}>
            {(["relevance", "date", "views", "rating"] as const).map((s) => <option value={s}>{t(`search.sort.${s}`)}</option>)}
          </select>
        </label>
        <label>{t("search.duration")}{" "}
          <select value={durationFilter} onChange={(e) => set("duration", (e.target as HTMLSelectElement).value)}>
            <option value="">{t("search.duration.any")}</option>
            {(["short", "medium", "long"] as const).map((d) => <option value={d}>{t(`search.duration.${d}`)}</option>)}
          </select>
        </label>
      </div>
      <VideoGrid url={`/api/search${query({ q: text, type: "video", sort, duration: durationFilter })}`} source="search" empty={t("search.none", { q: text })} />
    </main>
  );
}
