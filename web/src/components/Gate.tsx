// What a page shows instead of itself: to a visitor who must sign in first, and to an
// account whose role may not see it (the same "does not exist" as an unknown path, so the
// admin pages say nothing of what is behind them).
import { t } from "../i18n";
import type { MessageKey } from "../i18n/en";
import type { Me } from "../lib/session";

export function SignInFirst({ next }: { next: string }) {
  return (
    <main id="main" class="page narrow">
      <h1>{t("gate.signInTitle")}</h1>
      <p><a href={`/signin?next=${encodeURIComponent(next)}`}>{t("nav.signIn")}</a></p>
    </main>
  );
}

export function NotFound() {
  return <main id="main" class="page"><h1>{t("error.notFound")}</h1></main>;
}

export function Loading() {
  return <main id="main" class="page"><p class="muted" role="status">{t("common.loading")}</p></main>;
}

export const isModerator = (account: Me | null | undefined) => account?.role === "moderator" || account?.role === "admin";
export const isAdmin = (account: Me | null | undefined) => account?.role === "admin";

// The message of an API error as the page shows it.
export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

// The sections of the admin area each role sees (the header's menu lists them too).
export function adminLinks(account: Me | null | undefined): [string, MessageKey][] {
  const links: [string, MessageKey][] = [];
  if (isAdmin(account)) links.push(["/admin/users", "admin.users"], ["/admin/jobs", "admin.jobs"], ["/admin/settings", "admin.settings"], ["/admin/audit", "admin.audit"],
    ["/admin/credit-packs", "admin.creditPacks"], ["/admin/music", "admin.music"], ["/admin/fingerprints", "admin.fingerprints"], ["/admin/search", "admin.search"]);
  if (isModerator(account)) links.push(["/admin/dmca", "admin.dmca"]);
  return links;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
export const when = (iso: string) => dateTime.format(new Date(iso));
