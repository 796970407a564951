import { useEffect, useState } from "preact/hooks";
import { VideoGrid } from "../components/VideoGrid";
import { api } from "../lib/api";
import { SubscribeButton } from "../components/SubscribeButton";
import { BlockButton } from "../components/BlockButton";
import { ChannelAvatar, sameOriginImage } from "../components/Avatar";
import { t } from "../i18n";

type Profile = { username: string; display_name: string; bio: string; avatar_url: string; subscriber_count: number; video_count: number; banner_url?: string };
type Playlist = { id: string; title: string; item_count: number };

export function Channel({ params }: { params: Record<string, string> }) {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [playlists, setPlaylists] = useState<Playlist[]>([]);
  const [error, setError] = useState("");
  const [tab, setTab] = useState<"videos" | "playlists">("videos");
  const username = params.username;
  useEffect(() => {
    api<Profile>(`/api/users/${encodeURIComponent(username)}`).then(setProfile).catch((e) => setError(e.message));
    api<{ items: Playlist[] }>(`/api/users/${encodeURIComponent(username)}/playlists`).then((r) => setPlaylists(r.items)).catch(() => {});
  }, [username]);
  if (error) return <main id="main" class="page"><p role="alert" class="error">{error}</p></main>;
  if (!profile) return <main id="main" class="page"><p class="muted">{t("common.loading")}</p></main>;
  return (
    <main id="main" class="page">
      {sameOriginImage(profile.banner_url)
        ? <img class="banner" src={profile.banner_url} alt="" width={2048} height={340} />
        : <div class="banner" aria-hidden="true" />}
      <header class="channel-head">
        <ChannelAvatar channel={profile} large />
        <div>
          <h1>{profile.display_name}</h1>
          <p class="muted">@{profile.username}</p>
          <span class="inline">
            <SubscribeButton username={profile.username} />
            <BlockButton username={profile.username} />
          </span>
          {profile.bio && <p class="pre">{profile.bio}</p>}
        </div>
      </header>
      <div role="tablist" class="chips">
        <button role="tab" type="button" aria-selected={tab === "videos"} onClick={() => setTab("videos")}>{t("channel.videos")}</button>
        <button role="tab" type="button" aria-selected={tab === "playlists"} onClick={() => setTab("playlists")}>{t("channel.playlists")}</button>
      </div>
      {tab === "videos" ? <VideoGrid url={`/api/users/${encodeURIComponent(username)}/videos`} source="channel" />
        : <ul class="plain">{playlists.map((p) => <li><a href={`/playlists/${encodeURIComponent(p.id)}`}>{p.title}</a> <span class="muted">({p.item_count})</span></li>)}</ul>}
    </main>
  );
}
