// Subscribe / unsubscribe to a channel, with its subscriber count.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { navigate } from "../lib/router";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import { compact, t } from "../i18n";

export function SubscribeButton({ username }: { username: string }) {
  const account = useObservable(me);
  const [state, setState] = useState<{ subscribed: boolean; count: number } | null>(null);
  useEffect(() => {
    api<{ subscriber_count: number; subscribed?: boolean }>(`/api/users/${encodeURIComponent(username)}`)
      .then((u) => setState({ subscribed: !!u.subscribed, count: u.subscriber_count ?? 0 })).catch(() => {});
  }, [username, account?.id]);
  if (!state) return null;
  const toggle = async () => {
    if (!account) return navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
    const method = state.subscribed ? "DELETE" : "POST";
    const r = await api<{ subscribed: boolean; subscriber_count: number }>(`/api/users/${encodeURIComponent(username)}/subscription`, { method, body: method === "POST" ? {} : undefined });
    setState({ subscribed: r?.subscribed ?? !state.subscribed, count: r?.subscriber_count ?? state.count + (state.subscribed ? -1 : 1) });
  };
  return (
    <span class="subscribe">
      {account?.username !== username && (
        <button type="button" class={state.subscribed ? "" : "primary"} aria-pressed={state.subscribed} onClick={toggle}>
          {state.subscribed ? t("video.unsubscribe") : t("video.subscribe")}
        </button>
      )}
      <span class="muted">{t("video.subscribers", { count: state.count }, compact)}</span>
    </span>
  );
}

