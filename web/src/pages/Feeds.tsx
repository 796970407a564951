import { useEffect, useState } from "preact/hooks";
import { VideoGrid } from "../components/VideoGrid";
import { api, query } from "../lib/api";
import { navigate } from "../lib/router";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import { t } from "../i18n";

type Props = { query: URLSearchParams };

function Categories({ active }: { active?: string }) {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    api<{ items: { name: string; videos: number }[] }>("/api/categories")
      .then((r) => setNames(r.items.filter((c) => c.videos > 0).map((c) => c.name)))
      .catch(() => {});
  }, []);
  if (!names.length) return null;
  return (
    <nav class="chips" aria-label="Categories">
      <a href="/" aria-current={!active ? "page" : undefined}>All</a>
      {names.map((n) => <a href={`/${query({ category: n })}`} aria-current={active === n ? "page" : undefined}>{n}</a>)}
    </nav>
  );
}

export function Home({ query: q }: Props) {
  const account = useObservable(me);
  useEffect(() => {
    // The first visit to a new site offers to create its admin.
    api<{ admin_needed: boolean }>("/api/setup").then((s) => s.admin_needed && navigate("/setup", true)).catch(() => {});
  }, []);
  const category = q.get("category") ?? undefined;
  const tag = q.get("tag") ?? undefined;
  // Personalised when signed in (the same route answers a visitor with what is popular).
  const url = category || tag ? `/api/search${query({ category, tag, sort: "date" })}` : "/api/feed/for-you";
  return (
    <main id="main" class="page">
      <h1 class="visually-hidden">{t("feed.home")}</h1>
      <Categories active={category} />
      {tag && <h2>#{tag}</h2>}
      {account !== undefined && <VideoGrid url={url} source="home" />}
    </main>
  );
}

export function Trending() {
  const [window, setWindow] = useState("24h");
  return (
    <main id="main" class="page">
      <h1>{t("feed.trending")}</h1>
      <div class="chips" role="group" aria-label={t("feed.trending")}>
        {["24h", "7d"].map((w) => (
          <button type="button" aria-pressed={w === window} onClick={() => setWindow(w)}>{w}</button>
        ))}
      </div>
      <VideoGrid url={`/api/feed/trending?window=${window}`} source="home" />
    </main>
  );
}

export function Subscriptions() {
  const account = useObservable(me);
  return (
    <main id="main" class="page">
      <h1>{t("feed.subscriptions")}</h1>
      {account === null ? <p><a href="/signin">{t("nav.signIn")}</a></p> : account && <VideoGrid url="/api/feed/subscriptions" source="subscriptions" />}
    </main>
  );
}
