// A page whose code loads when it is first visited: the watch and feed pages stay in the main
// script, which every page waits for; the others are chunks of their own (esbuild splits at
// each dynamic import).
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";

export type PageProps = { params: Record<string, string>; query: URLSearchParams };
export type Page = FunctionComponent<PageProps>;

export function lazyPage(load: () => Promise<Page>): Page {
  let loaded: Page | null = null;
  let loading: Promise<Page> | null = null;
  return function LazyPage(props: PageProps) {
    const [, setReady] = useState(0);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      loading ??= load();
      loading.then((page) => { loaded = page; setReady((n) => n + 1); }, () => { loading = null; setFailed(true); });
    }, []);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    return (
      <main id="main" class="page">
        <p class="muted" role={failed ? "alert" : undefined}>{failed ? t("error.generic", { message: "the page did not load" }) : t("common.loading")}</p>
      </main>
    );
  };
}
