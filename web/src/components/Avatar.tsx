// A channel's avatar, and the rule for which pictures the site shows.

// A picture the site may show: one from this origin (the Content-Security-Policy loads no
// other), such as /media/profiles/… (PUT /api/me/avatar).
export function sameOriginImage(url: string | undefined): url is string {
  if (!url) return false;
  try {
    return new URL(url, location.origin).origin === location.origin;
  } catch {
    return false;
  }
}

// The avatar, else the name's first letter.
export function ChannelAvatar({ channel, large }: { channel: { username: string; display_name?: string; avatar_url?: string }; large?: boolean }) {
  const size = large ? 72 : 40;
  const cls = large ? "avatar" : "avatar small";
  return sameOriginImage(channel.avatar_url)
    ? <img class={cls} src={channel.avatar_url} alt="" width={size} height={size} />
    : <span class={cls} aria-hidden="true">{(channel.display_name || channel.username).slice(0, 1).toUpperCase()}</span>;
}
