// A list read page by page by cursor (`{items, next_cursor}`, docs/api.md), the next page
// loading as its end scrolls into view: the pattern of VideoGrid for any kind of item.
import type { ComponentChildren, RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../lib/api";
import { t } from "../i18n";

export type Paged<T> = {
  items: T[];
  setItems: (update: (items: T[]) => T[]) => void;
  loading: boolean;
  error: string;
  done: boolean; // every page has been read
  reload: () => void;
  sentinel: RefObject<HTMLDivElement>;
  // The whole answer of the first page, for lists that carry more than items (a balance).
  first: Record<string, unknown> | null;
};

// `url` may be null while it is not known yet (nothing is read then).
export function usePaged<T>(url: string | null): Paged<T> {
  const [items, setAll] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState("");
  const [first, setFirst] = useState<Record<string, unknown> | null>(null);
  const [generation, setGeneration] = useState(0);
  const sentinel = useRef<HTMLDivElement>(null);
  const current = useRef(0); // answers of an older url or reload are dropped

  const load = async (from: string | undefined, reset: boolean) => {
    if (!url) return;
    const mine = current.current;
    setLoading(true);
    try {
      const sep = url.includes("?") ? "&" : "?";
      const page = await api<{ items: T[]; next_cursor?: string | null }>(from ? `${url}${sep}cursor=${encodeURIComponent(from)}` : url);
      if (mine !== current.current) return;
      if (reset) setFirst(page as unknown as Record<string, unknown>);
      setAll((old) => (reset ? page.items : [...old, ...page.items]));
      setCursor(page.next_cursor ?? null);
    } catch (e) {
      if (mine === current.current) setError((e as Error).message);
    } finally {
      if (mine === current.current) setLoading(false);
    }
  };

  useEffect(() => {
    current.current++;
    setAll([]);
    setCursor(undefined);
    setError("");
    setFirst(null);
    setLoading(false);
    load(undefined, true);
  }, [url, generation]);

  useEffect(() => {
    if (!sentinel.current || !cursor || loading || error) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) load(cursor, false);
    }, { rootMargin: "600px" });
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [cursor, loading, error]);

  return {
    items,
    setItems: (update) => setAll(update),
    loading,
    error,
    done: cursor === null,
    reload: () => setGeneration((n) => n + 1),
    sentinel,
    first,
  };
}

// What follows a paged list: its error, "nothing here", "loading…", and the sentinel that
// loads the next page.
export function PagedFooter<T>({ list, empty }: { list: Paged<T>; empty?: ComponentChildren }) {
  return (
    <>
      {list.error && <p role="alert" class="error">{t("error.generic", { message: list.error })}</p>}
      {!list.loading && !list.error && list.done && list.items.length === 0 && <p class="muted">{empty ?? t("feed.empty")}</p>}
      <p class="muted" aria-live="polite">{list.loading ? (list.items.length ? t("feed.more") : t("common.loading")) : ""}</p>
      <div ref={list.sentinel} />
    </>
  );
}
