// The signed-in account's menu in the header: a disclosure button (not an ARIA menu: a list
// of links, reached with Tab) opening your channel, account and library pages, and the
// admin pages your role may open. It closes on Escape, on a click elsewhere and on
// navigation.
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import type { MessageKey } from "../i18n/en";
import type { Me } from "../lib/session";
import { currentLocation } from "../lib/router";
import { adminLinks } from "./Gate";

const library: [string, MessageKey][] = [
  ["/account", "menu.account"], ["/history", "library.history"], ["/playlists", "library.playlists"],
  ["/liked", "library.liked"], ["/subscriptions/channels", "library.channels"], ["/blocked", "library.blocked"],
];

export function UserMenu({ account }: { account: Me }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => currentLocation.subscribe(() => setOpen(false)), []);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") { setOpen(false); button.current?.focus(); }
    };
    const onClick = (e: MouseEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    const onFocus = (e: FocusEvent) => { if (e.target instanceof Node && !root.current?.contains(e.target)) setOpen(false); };
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    document.addEventListener("focusin", onFocus);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
      document.removeEventListener("focusin", onFocus);
    };
  }, [open]);
  const admin = adminLinks(account);
  const name = account.display_name || account.username;
  return (
    <div class="user-menu" ref={root}>
      <button type="button" ref={button} class="user-button" aria-expanded={open} aria-controls="user-menu-list" onClick={() => setOpen(!open)}>
        <span class="avatar tiny" aria-hidden="true">{name.slice(0, 1).toUpperCase()}</span>
        <span class="visually-hidden">{t("menu.open", { name })}</span>
      </button>
      <div id="user-menu-list" class="menu-panel" hidden={!open}>
        <p class="menu-who"><strong>{name}</strong><br /><span class="muted">@{account.username}</span></p>
        <ul>
          <li><a href={`/c/${encodeURIComponent(account.username)}`}>{t("menu.channel")}</a></li>
          {library.map(([href, key]) => <li><a href={href}>{t(key)}</a></li>)}
        </ul>
        {admin.length > 0 && (
          <>
            <p class="menu-group" id="menu-admin">{t("admin.title")}</p>
            <ul aria-labelledby="menu-admin">{admin.map(([href, key]) => <li><a href={href}>{t(key)}</a></li>)}</ul>
          </>
        )}
      </div>
    </div>
  );
}
