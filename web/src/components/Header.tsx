import { useEffect, useRef } from "preact/hooks";
import { t } from "../i18n";
import { me, signOut, type Me } from "../lib/session";
import { useObservable } from "../lib/store";
import { theme, toggleTheme } from "../lib/theme";
import { onEvent, reconnectRealtime } from "../lib/realtime";
import { navigate } from "../lib/router";
import { SearchBox } from "./SearchBox";
import { Icon } from "./Icon";
import { UserMenu } from "./UserMenu";

function Bell({ account }: { account: Me }) {
  // The unread count moves live: each `notification` event carries it.
  useEffect(() => onEvent("notification", (data) => {
    if (typeof data.unread_count === "number") me.set({ ...account, unread_notifications: data.unread_count });
  }), [account]);
  const unread = account.unread_notifications ?? 0;
  return (
    <a href="/notifications" class="bell">
      <Icon name="bell" />
      <span class="visually-hidden">{unread ? t("nav.notificationsUnread", { count: unread }) : t("nav.notifications")}</span>
      {unread > 0 && <span class="bell-count" aria-hidden="true">{unread > 99 ? "99+" : unread}</span>}
    </a>
  );
}

export function Header() {
  const account = useObservable(me);
  const current = useObservable(theme);
  const bar = useRef<HTMLElement>(null);
  // Its height as --header-h on the root, for pages that fill the screen below it (reels).
  useEffect(() => {
    const header = bar.current;
    if (!header || typeof ResizeObserver === "undefined") return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty("--header-h", `${header.getBoundingClientRect().height}px`));
    observer.observe(header);
    return () => { observer.disconnect(); root.style.removeProperty("--header-h"); };
  }, []);
  return (
    <header class="topbar" ref={bar}>
      <a class="skip" href="#main">{t("nav.skip")}</a>
      <a href="/" class="logo">{t("app.name")}</a>
      <SearchBox />
      <nav aria-label={t("nav.menu")} class="nav">
        <a href="/trending">{t("nav.trending")}</a>
        <a href="/reels">{t("nav.reels")}</a>
        {account && <a href="/subscriptions">{t("nav.subscriptions")}</a>}
        {account && <a href="/upload">{t("nav.upload")}</a>}
        {account && <a href="/studio">{t("nav.studio")}</a>}
        {account && (account.role === "moderator" || account.role === "admin") && <a href="/moderation">{t("nav.moderation")}</a>}
        <button type="button" class="icon" onClick={toggleTheme}
          aria-label={t("theme.toggle", { theme: current === "dark" ? t("theme.light") : t("theme.dark") })}>
          <Icon name={current === "dark" ? "sun" : "moon"} />
        </button>
        {account && <Bell account={account} />}
        {account && <UserMenu account={account} />}
        {account === null && <a href="/signin">{t("nav.signIn")}</a>}
        {account === null && <a href="/signup" class="button primary">{t("nav.signUp")}</a>}
        {account && (
          <button type="button" onClick={async () => { await signOut(); reconnectRealtime(); navigate("/"); }}>
            {t("nav.signOut")}
          </button>
        )}
      </nav>
    </header>
  );
}
