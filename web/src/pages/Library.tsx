// Your library: watch history (with pause), playlists (Watch later and Saved first; one
// playlist's videos), liked videos, the channels you follow and those you blocked.
// docs/views.md#watch-history, docs/playlists.md, docs/social.md#ratings.
import { ChannelAvatar } from "../components/Avatar";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, query } from "../lib/api";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import { currentLocation } from "../lib/router";
import type { Video } from "../lib/types";
import { VideoCard } from "../components/VideoCard";
import { Icon } from "../components/Icon";
import { VideoGrid } from "../components/VideoGrid";
import { PagedFooter, usePaged } from "../components/Paged";
import { Loading, SignInFirst, messageOf } from "../components/Gate";
import { FormError } from "./Auth";
import { ago, compact, t } from "../i18n";
import type { MessageKey } from "../i18n/en";

type HistoryItem = { video: Video; progress: { completion_ratio: number; last_watched_at: string | null; position_ms: number } };
export type Playlist = {
  id: string; owner: { id: string; username: string }; kind: "user" | "watch_later" | "saved"; title: string;
  description: string; visibility: "public" | "unlisted" | "private"; item_count: number; created_at: string; updated_at: string;
};
type PlaylistItem = { playlist_id: string; position: number; added_at: string; video: Video };
type ChannelRef = { id: string; username: string; display_name: string; avatar_url: string; subscriber_count: number };

const sections: [string, MessageKey][] = [
  ["/history", "library.history"], ["/playlists", "library.playlists"], ["/liked", "library.liked"],
  ["/subscriptions/channels", "library.channels"], ["/blocked", "library.blocked"],
];

function LibraryNav() {
  const where = useObservable(currentLocation);
  return (
    <nav class="chips" aria-label={t("library.nav")}>
      {sections.map(([href, key]) => (
        <a href={href} aria-current={where.path === href || (href === "/playlists" && where.path.startsWith("/playlists/")) ? "page" : undefined}>{t(key)}</a>
      ))}
    </nav>
  );
}

// Signed in, or the page that asks to sign in; undefined while the session is not known.
function useSignedIn(path: string) {
  const account = useObservable(me);
  if (account === null) return { account, gate: <SignInFirst next={path} /> };
  if (account === undefined) return { account, gate: <Loading /> };
  return { account, gate: null };
}

const visibilityKey: Record<Playlist["visibility"], MessageKey> = {
  public: "upload.visibility.public", unlisted: "upload.visibility.unlisted", private: "upload.visibility.private",
};

const videoCount = (n: number) => t("playlists.count", { count: n });

export const playlistTitle = (p: Playlist) =>
  p.kind === "watch_later" ? t("playlists.watchLater") : p.kind === "saved" ? t("playlists.saved") : p.title;

// ---- History ----

export function History() {
  const { gate } = useSignedIn("/history");
  const list = usePaged<HistoryItem>(gate ? null : "/api/me/history?limit=20");
  const [paused, setPaused] = useState<boolean | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  useEffect(() => {
    if (gate) return;
    api<{ paused: boolean }>("/api/me/history/settings").then((s) => setPaused(s.paused)).catch((e) => setError(messageOf(e)));
  }, [!gate]);
  if (gate) return gate;
  return (
    <main id="main" class="page library">
      <LibraryNav />
      <div class="row">
        <h1>{t("history.title")}</h1>
        <div class="inline">
          {paused !== null && (
            <label class="switch">
              <input type="checkbox" checked={paused} onChange={async (e) => {
                const want = (e.target as HTMLInputElement).checked;
                try {
                  const s = await api<{ paused: boolean }>("/api/me/history/settings", { method: "PUT", body: { paused: want } });
                  setPaused(s.paused);
                  setStatus(s.paused ? t("history.pausedNow") : t("history.resumedNow"));
                } catch (err) {
                  setError(messageOf(err));
                }
              }} />
              <span>{t("history.pause")}</span>
            </label>
          )}
          <button type="button" disabled={list.items.length === 0} onClick={async () => {
            if (!confirm(t("history.confirmClear"))) return;
            try {
              await api("/api/me/history", { method: "DELETE" });
              list.setItems(() => []);
              setStatus(t("history.cleared"));
            } catch (err) {
              setError(messageOf(err));
            }
          }}>{t("history.clear")}</button>
        </div>
      </div>
      {paused && <p class="notice-inline">{t("history.pausedNote")}</p>}
      <p role="status" class="muted">{status}</p>
      <FormError error={error} />
      <ul class="plain lib-list">
        {list.items.map((item) => (
          <li key={item.video.id} class="lib-item">
            <div class="list"><VideoCard video={item.video} /></div>
            <div class="lib-actions">
              <span class="muted">
                {t("history.watched", { percent: Math.round((item.progress?.completion_ratio ?? 0) * 100) })}
                {item.progress?.last_watched_at ? ` · ${ago(item.progress.last_watched_at)}` : ""}
              </span>
              <button type="button" aria-label={t("history.removeLabel", { title: item.video.title })} onClick={async () => {
                try {
                  await api(`/api/me/history/${encodeURIComponent(item.video.id)}`, { method: "DELETE" });
                  list.setItems((items) => items.filter((i) => i.video.id !== item.video.id));
                  setStatus(t("history.removed", { title: item.video.title }));
                } catch (err) {
                  setError(messageOf(err));
                }
              }}>{t("history.remove")}</button>
            </div>
          </li>
        ))}
      </ul>
      <PagedFooter list={list} empty={t("history.empty")} />
    </main>
  );
}

// ---- Playlists ----

function PlaylistRow({ playlist, onChanged, onDeleted }: { playlist: Playlist; onChanged: (p: Playlist) => void; onDeleted: () => void }) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(playlist.title);
  const [error, setError] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (editing) input.current?.focus(); }, [editing]);
  const name = playlistTitle(playlist);
  return (
    <li class="playlist-row" data-playlist={playlist.id}>
      {editing ? (
        <form class="inline" onSubmit={async (e) => {
          e.preventDefault();
          setError("");
          try {
            const saved = await api<Playlist>(`/api/playlists/${encodeURIComponent(playlist.id)}`, { method: "PATCH", body: { title } });
            onChanged(saved);
            setEditing(false);
            setTimeout(() => renameButton.current?.focus());
          } catch (err) {
            setError(messageOf(err));
          }
        }}>
          <label class="field grow">
            <span>{t("playlists.newTitle", { title: playlist.title })}</span>
            <input ref={input} value={title} maxLength={150} required onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="primary">{t("playlists.saveTitle")}</button>
          <button type="button" onClick={() => { setEditing(false); setTitle(playlist.title); setError(""); }}>{t("common.cancel")}</button>
          <FormError error={error} />
        </form>
      ) : (
        <>
          <div>
            <h2 class="playlist-title"><a href={`/playlists/${encodeURIComponent(playlist.id)}`}>{name}</a></h2>
            <p class="muted">{videoCount(playlist.item_count)} · {t(visibilityKey[playlist.visibility])}</p>
          </div>
          {playlist.kind === "user" && (
            <div class="inline">
              <button type="button" ref={renameButton} aria-label={t("playlists.renameLabel", { title: name })} onClick={() => setEditing(true)}>
                {t("playlists.rename")}
              </button>
              <button type="button" class="danger" aria-label={t("playlists.deleteLabel", { title: name })} onClick={async () => {
                if (!confirm(t("playlists.confirmDelete", { title: name }))) return;
                try {
                  await api(`/api/playlists/${encodeURIComponent(playlist.id)}`, { method: "DELETE" });
                  onDeleted();
                } catch (err) {
                  setError(messageOf(err));
                }
              }}>{t("playlists.delete")}</button>
              <FormError error={error} />
            </div>
          )}
        </>
      )}
    </li>
  );
}

function CreatePlaylist({ onCreated }: { onCreated: (p: Playlist) => void }) {
  const [title, setTitle] = useState("");
  const [visibility, setVisibility] = useState("private");
  const [error, setError] = useState("");
  return (
    <form class="create-playlist" aria-labelledby="create-playlist-title" onSubmit={async (e) => {
      e.preventDefault();
      setError("");
      try {
        const p = await api<Playlist>("/api/playlists", { method: "POST", body: { title, visibility } });
        setTitle("");
        onCreated(p);
      } catch (err) {
        setError(messageOf(err));
      }
    }}>
      <h2 id="create-playlist-title">{t("playlists.create")}</h2>
      <div class="inline">
        <label class="field grow">
          <span>{t("playlists.titleField")}</span>
          <input name="title" value={title} maxLength={150} required onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span>{t("upload.visibility")}</span>
          <select value={visibility} onChange={(e) => setVisibility((e.target as HTMLSelectElement).value)}>
            <option value="private">{t("upload.visibility.private")}</option>
            <option value="unlisted">{t("upload.visibility.unlisted")}</option>
            <option value="public">{t("upload.visibility.public")}</option>
          </select>
        </label>
        <button type="submit" class="primary">{t("playlists.createButton")}</button>
      </div>
      <FormError error={error} />
    </form>
  );
}

export function Playlists() {
  const { gate } = useSignedIn("/playlists");
  const list = usePaged<Playlist>(gate ? null : "/api/me/playlists?limit=50");
  const [status, setStatus] = useState("");
  if (gate) return gate;
  return (
    <main id="main" class="page library narrow-wide">
      <LibraryNav />
      <h1>{t("playlists.title")}</h1>
      <CreatePlaylist onCreated={(p) => { setStatus(t("playlists.created", { title: p.title })); list.reload(); }} />
      <p role="status" class="muted">{status}</p>
      <ul class="plain playlists">
        {list.items.map((p) => (
          <PlaylistRow key={p.id} playlist={p}
            onChanged={(saved) => { list.setItems((items) => items.map((x) => (x.id === saved.id ? saved : x))); setStatus(t("playlists.renamed", { title: saved.title })); }}
            onDeleted={() => { list.setItems((items) => items.filter((x) => x.id !== p.id)); setStatus(t("playlists.deleted", { title: p.title })); }} />
        ))}
      </ul>
      <PagedFooter list={list} />
    </main>
  );
}

export function PlaylistPage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const account = useObservable(me);
  const [playlist, setPlaylist] = useState<Playlist | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const known = account !== undefined;
  const list = usePaged<PlaylistItem>(known && !missing ? `/api/playlists/${encodeURIComponent(id)}/items?limit=20` : null);
  // A page read again after a move may repeat an item a later page already brought: once each.
  const items = list.items.filter((item, i, all) => all.findIndex((x) => x.video.id === item.video.id) === i);
  const moving = useRef(false);
  const dragged = useRef<PlaylistItem | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  // The moved item's button keeps the focus (its row moved, and with it the button), or takes
  // the other one when it cannot go further; the list's heading when the row is not shown.
  const focusAfter = useRef<{ video: string; dir: "up" | "down" } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const wanted = focusAfter.current;
    if (!wanted) return;
    focusAfter.current = null;
    const row = document.querySelector(`li[data-video="${CSS.escape(wanted.video)}"]`);
    const button = row?.querySelector<HTMLButtonElement>(`button[data-move="${wanted.dir}"]`);
    const other = row?.querySelector<HTMLButtonElement>(`button[data-move="${wanted.dir === "up" ? "down" : "up"}"]`);
    const target = button?.getAttribute("aria-disabled") === "true" ? other : button;
    if (target) target.focus();
    else heading.current?.focus();
  }, [list.items]);

  // PUT …/position, then the server's order: the items read again, as many as were shown (a
  // page of at most 100 at a time, so no position shown is left as it was before the move).
  const moveTo = async (item: PlaylistItem, position: number, dir: "up" | "down" | null) => {
    if (moving.current) return;
    moving.current = true;
    setError("");
    try {
      await api(`/api/playlists/${encodeURIComponent(id)}/items/${encodeURIComponent(item.video.id)}/position`, { method: "PUT", body: { position } });
      const shown = Math.max(20, list.items.length);
      const fresh: PlaylistItem[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await api<{ items: PlaylistItem[]; next_cursor?: string | null }>(
          `/api/playlists/${encodeURIComponent(id)}/items${query({ limit: Math.min(100, shown - fresh.length), cursor })}`);
        fresh.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor && fresh.length < shown);
      const now = fresh.find((i) => i.video.id === item.video.id);
      if (dir) focusAfter.current = { video: item.video.id, dir };
      list.setItems((old) => [...fresh, ...old.slice(fresh.length)]);
      setStatus(t("playlists.moved", { title: item.video.title, position: (now?.position ?? position) + 1 }));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      moving.current = false;
    }
  };
  useEffect(() => {
    if (!known) return;
    setPlaylist(null);
    setMissing(false);
    api<Playlist>(`/api/playlists/${encodeURIComponent(id)}?limit=1`).then((p) => {
      setPlaylist(p);
      document.title = `${playlistTitle(p)} · ${t("app.name")}`;
    }).catch((e) => (e instanceof ApiError && e.status === 404 ? setMissing(true) : setError(messageOf(e))));
  }, [id, known, account?.id]);
  if (missing) return <main id="main" class="page"><h1>{t("playlists.missing")}</h1></main>;
  if (!playlist) return error ? <main id="main" class="page"><p role="alert" class="error">{error}</p></main> : <Loading />;
  const mine = !!account && playlist.owner.id === account.id;
  // The last item shown goes no further down, even while more pages remain: it would leave the
  // items shown (and its focused button with it). The next page, once loaded, frees it.
  const lastShown = items.length - 1;
  return (
    <main id="main" class="page library">
      {mine && <LibraryNav />}
      <h1 ref={heading} tabIndex={-1}>{playlistTitle(playlist)}</h1>
      <p class="muted">
        {mine ? t(visibilityKey[playlist.visibility]) : <a href={`/c/${encodeURIComponent(playlist.owner.username)}`}>{playlist.owner.username}</a>}
        {" · "}{videoCount(Math.max(0, playlist.item_count))}
      </p>
      {playlist.description && <p class="pre">{playlist.description}</p>}
      <p role="status" class="muted">{status}</p>
      <FormError error={error} />
      {mine && items.length > 1 && <p class="muted">{t("playlists.reorderHint")}</p>}
      <ol class="plain lib-list">
        {items.map((item, i) => (
          <li key={item.video.id} class={`lib-item${mine ? " movable" : ""}${dropTarget === item.video.id ? " drop-target" : ""}`}
            data-video={item.video.id} draggable={mine}
            onDragStart={mine ? (e) => {
              dragged.current = item;
              if (e.dataTransfer) { e.dataTransfer.effectAllowed = "move"; e.dataTransfer.setData("text/plain", item.video.title); }
            } : undefined}
            onDragOver={mine ? (e) => { if (!dragged.current) return; e.preventDefault(); setDropTarget(item.video.id); } : undefined}
            onDragLeave={mine ? () => setDropTarget((d) => (d === item.video.id ? null : d)) : undefined}
            onDragEnd={mine ? () => { dragged.current = null; setDropTarget(null); } : undefined}
            onDrop={mine ? (e) => {
              e.preventDefault();
              const from = dragged.current;
              dragged.current = null;
              setDropTarget(null);
              if (from && from.video.id !== item.video.id) void moveTo(from, item.position, null);
            } : undefined}>
            <div class="list"><VideoCard video={item.video} source="playlist" /></div>
            {mine && (
              <div class="lib-actions">
                <span class="inline">
                  <button type="button" data-move="up" aria-disabled={item.position === 0}
                    aria-label={t("playlists.moveUpLabel", { title: item.video.title })}
                    onClick={() => item.position > 0 && moveTo(item, item.position - 1, "up")}>
                    <Icon name="up" />{t("playlists.moveUp")}
                  </button>
                  <button type="button" data-move="down" aria-disabled={i === lastShown}
                    aria-label={t("playlists.moveDownLabel", { title: item.video.title })}
                    onClick={() => i !== lastShown && moveTo(item, item.position + 1, "down")}>
                    <Icon name="down" />{t("playlists.moveDown")}
                  </button>
                </span>
                <button type="button" aria-label={t("playlists.removeItemLabel", { title: item.video.title })} onClick={async () => {
                  try {
                    await api(`/api/playlists/${encodeURIComponent(id)}/items/${encodeURIComponent(item.video.id)}`, { method: "DELETE" });
                    list.setItems((items) => items.filter((i) => i.video.id !== item.video.id)
                      .map((i) => (i.position > item.position ? { ...i, position: i.position - 1 } : i)));
                    setPlaylist((p) => (p ? { ...p, item_count: p.item_count - 1 } : p));
                    setStatus(t("playlists.itemRemoved", { title: item.video.title }));
                  } catch (err) {
                    setError(messageOf(err));
                  }
                }}>{t("playlists.removeItem")}</button>
              </div>
            )}
          </li>
        ))}
      </ol>
      <PagedFooter list={list} empty={t("playlists.empty")} />
    </main>
  );
}

// ---- Liked videos ----

export function Liked() {
  const { gate } = useSignedIn("/liked");
  if (gate) return gate;
  return (
    <main id="main" class="page library">
      <LibraryNav />
      <h1>{t("liked.title")}</h1>
      <VideoGrid url="/api/me/liked?limit=24" empty={t("liked.empty")} />
    </main>
  );
}

// ---- Channels you follow, channels you blocked ----

function ChannelRow({ channel, since, on, labels }: {
  channel: ChannelRef; since: string;
  on: (active: boolean) => Promise<void>;
  labels: { active: string; inactive: string; status: (name: string, active: boolean) => string };
}) {
  const [active, setActive] = useState(true);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  const name = channel.display_name || channel.username;
  return (
    <li class="channel-row" data-channel={channel.username}>
      <ChannelAvatar channel={channel} />
      <div class="grow">
        <a href={`/c/${encodeURIComponent(channel.username)}`}>{name}</a>
        <br />
        <span class="muted">@{channel.username} · {t("video.subscribers", { count: channel.subscriber_count ?? 0 }, compact)} · {ago(since)}</span>
        <span role="status" class="visually-hidden">{status}</span>
        <FormError error={error} />
      </div>
      <button type="button" disabled={busy} aria-label={`${active ? labels.active : labels.inactive}: ${name}`} onClick={async () => {
        setBusy(true);
        setError("");
        try {
          await on(!active);
          setStatus(labels.status(name, !active));
          setActive(!active);
        } catch (e) {
          setError(messageOf(e));
        } finally {
          setBusy(false);
        }
      }}>{active ? labels.active : labels.inactive}</button>
    </li>
  );
}

export function SubscribedChannels() {
  const { gate } = useSignedIn("/subscriptions/channels");
  const list = usePaged<{ channel: ChannelRef; subscribed_at: string }>(gate ? null : "/api/me/subscriptions?limit=30");
  if (gate) return gate;
  return (
    <main id="main" class="page library narrow-wide">
      <LibraryNav />
      <div class="row">
        <h1>{t("channels.title")}</h1>
        <a href="/subscriptions">{t("channels.feed")}</a>
      </div>
      <ul class="plain channel-list">
        {list.items.map(({ channel, subscribed_at }) => (
          <ChannelRow key={channel.id} channel={channel} since={subscribed_at}
            on={async (subscribe) => {
              await api(`/api/users/${encodeURIComponent(channel.username)}/subscription`, { method: subscribe ? "POST" : "DELETE", body: subscribe ? {} : undefined });
            }}
            labels={{
              active: t("channels.unsubscribe"), inactive: t("video.subscribe"),
              status: (name, on) => (on ? t("channels.subscribedTo", { name }) : t("channels.unsubscribedFrom", { name })),
            }} />
        ))}
      </ul>
      <PagedFooter list={list} empty={t("channels.empty")} />
    </main>
  );
}

export function Blocked() {
  const { gate } = useSignedIn("/blocked");
  const list = usePaged<{ channel: ChannelRef; blocked_at: string }>(gate ? null : "/api/me/blocks?limit=30");
  if (gate) return gate;
  return (
    <main id="main" class="page library narrow-wide">
      <LibraryNav />
      <h1>{t("blocked.title")}</h1>
      <p class="muted">{t("blocked.intro")}</p>
      <ul class="plain channel-list">
        {list.items.map(({ channel, blocked_at }) => (
          <ChannelRow key={channel.id} channel={channel} since={blocked_at}
            on={async (block) => {
              await api(`/api/users/${encodeURIComponent(channel.username)}/block`, { method: block ? "POST" : "DELETE", body: block ? {} : undefined });
            }}
            labels={{
              active: t("blocked.unblock"), inactive: t("blocked.block"),
              status: (name, on) => (on ? t("blocked.blockedNow", { name }) : t("blocked.unblockedNow", { name })),
            }} />
        ))}
      </ul>
      <PagedFooter list={list} empty={t("blocked.empty")} />
    </main>
  );
}
