// A grid of videos read page by page by cursor, the next page loading as the end scrolls
// into view.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../lib/api";
import { t } from "../i18n";
import type { Page, Video } from "../lib/types";
import { VideoCard } from "./VideoCard";

export function VideoGrid({ url, source, empty }: { url: string; source?: string; empty?: string }) {
  const [items, setItems] = useState<Video[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState("");
  const [loading, setLoading] = useState(false);
  const sentinel = useRef<HTMLDivElement>(null);

  const load = async (from: string | null | undefined, reset: boolean) => {
    setLoading(true);
    try {
      const sep = url.includes("?") ? "&" : "?";
      const page = await api<Page<Video>>(from ? `${url}${sep}cursor=${encodeURIComponent(from)}` : url);
      setItems((old) => (reset ? page.items : [...old, ...page.items]));
      setCursor(page.next_cursor ?? null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    setItems([]);
    setCursor(undefined);
    setError("");
    load(undefined, true);
  }, [url]);

  useEffect(() => {
    if (!sentinel.current || !cursor) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loading) load(cursor, false);
    }, { rootMargin: "600px" });
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [cursor, loading]);

  if (error) return <p role="alert" class="error">{t("error.generic", { message: error })}</p>;
  return (
    <>
      <div class="grid">{items.map((v) => <VideoCard key={v.id} video={v} source={source} />)}</div>
      {!loading && cursor === null && items.length === 0 ? <p class="muted">{empty ?? t("feed.empty")}</p> : null}
      {loading ? <p class="muted" aria-live="polite">{items.length ? t("feed.more") : t("common.loading")}</p> : null}
      <div ref={sentinel} />
    </>
  );
}
