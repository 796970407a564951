// The account page (/account): profile (display name, bio, avatar), password, two-factor
// sign-in (AccountSecurity.tsx), the open sessions, credits and their history, buying credit
// packs and referrals (AccountBilling.tsx), and deleting the account. docs/api.md#accounts,
// docs/billing.md#the-ledger, docs/views.md#account-deletion.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { me, type Me } from "../lib/session";
import { navigate } from "../lib/router";
import { reconnectRealtime } from "../lib/realtime";
import { useObservable } from "../lib/store";
import { Field, FormError } from "./Auth";
import { Loading, SignInFirst, messageOf, when } from "../components/Gate";
import { PagedFooter, usePaged } from "../components/Paged";
import { ChannelAvatar } from "../components/Avatar";
import { TwoFactor } from "./AccountSecurity";
import { BuyCredits, Referral } from "./AccountBilling";
import { ProfilePictures } from "./AccountPictures";
import { ago, t } from "../i18n";
import type { MessageKey } from "../i18n/en";

type Account = Me & { bio: string; created_at: string; two_factor?: boolean; banner_url?: string };
type BrowserSession = { id: string; created_at: string; last_used_at: string; user_agent: string; ip_address: string; current: boolean };
type CreditEntry = { id: string; amount: number; kind: string; reference: string | null; created_at: string };


function Profile({ account }: { account: Me }) {
  const [loaded, setLoaded] = useState<Account | null>(null);
  const [displayName, setDisplayName] = useState("");
  const [bio, setBio] = useState("");
  const [error, setError] = useState("");
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api<Account>("/api/me").then((a) => {
      setLoaded(a);
      setDisplayName(a.display_name);
      setBio(a.bio ?? "");
    }).catch((e) => setError(messageOf(e)));
  }, [account.id]);
  return (
    <>
    <section aria-labelledby="profile-title" class="panel">
      <h2 id="profile-title">{t("account.profile")}</h2>
      {!loaded && !error && <p class="muted">{t("common.loading")}</p>}
      {loaded && (
        <form onSubmit={async (e) => {
          e.preventDefault();
          setError("");
          setSaved(false);
          try {
            const a = await api<Account>("/api/me", { method: "PATCH", body: { display_name: displayName, bio } });
            setLoaded(a);
            setDisplayName(a.display_name);
            setBio(a.bio);
            me.set({ ...account, display_name: a.display_name, avatar_url: a.avatar_url });
            setSaved(true);
          } catch (err) {
            setError(messageOf(err));
          }
        }}>
          <div class="profile-head">
            <ChannelAvatar channel={{ username: account.username, display_name: displayName, avatar_url: account.avatar_url }} large />
            <p class="muted">@{account.username} · <a href={`/c/${encodeURIComponent(account.username)}`}>{t("account.viewChannel")}</a></p>
          </div>
          <label class="field">
            <span>{t("account.displayName")}</span>
            <input name="display_name" value={displayName} maxLength={50} required autocomplete="nickname"
              onInput={(e) => setDisplayName((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span>{t("account.bio")}</span>
            <textarea name="bio" rows={4} maxLength={1000} value={bio} onInput={(e) => setBio((e.target as HTMLTextAreaElement).value)} />
          </label>
          <FormError error={error} />
          <div class="inline">
            <button type="submit" class="primary">{t("account.saveProfile")}</button>
            <span role="status">{saved ? t("account.profileSaved") : ""}</span>
          </div>
        </form>
      )}
      {!loaded && <FormError error={error} />}
    </section>
    {loaded && <ProfilePictures account={account} initial={{ avatar_url: loaded.avatar_url ?? "", banner_url: loaded.banner_url ?? "" }} />}
    </>
  );
}


function Password({ onChanged }: { onChanged: () => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState("");
  const [done, setDone] = useState(false);
  return (
    <section aria-labelledby="password-title" class="panel">
      <h2 id="password-title">{t("account.password")}</h2>
      <form onSubmit={async (e) => {
        e.preventDefault();
        setError("");
        setDone(false);
        if (next !== again) return setError(t("account.passwordMismatch"));
        try {
          await api("/api/me/password", { method: "POST", body: { current_password: current, new_password: next } });
          setCurrent(""); setNext(""); setAgain("");
          setDone(true);
          onChanged();
        } catch (err) {
          setError(err instanceof ApiError && err.status === 403 ? t("account.passwordWrong") : messageOf(err));
        }
      }}>
        <Field label={t("account.currentPassword")} name="current_password" type="password" value={current} onInput={setCurrent} autocomplete="current-password" />
        <Field label={t("account.newPassword")} name="new_password" type="password" value={next} onInput={setNext} autocomplete="new-password" minLength={8} />
        <Field label={t("account.newPasswordAgain")} name="new_password_again" type="password" value={again} onInput={setAgain} autocomplete="new-password" minLength={8} />
        <FormError error={error} />
        <div class="inline">
          <button type="submit" class="primary">{t("account.changePassword")}</button>
          <span role="status">{done ? t("account.passwordChanged") : ""}</span>
        </div>
      </form>
    </section>
  );
}

// "Chrome on Linux" from a user agent, or the user agent itself when it names neither.
function device(userAgent: string): string {
  const browser = /Edg\//.test(userAgent) ? "Edge" : /OPR\//.test(userAgent) ? "Opera" : /Firefox\//.test(userAgent) ? "Firefox"
    : /Chrom(e|ium)\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : "";
  const os = /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Windows/.test(userAgent) ? "Windows"
    : /Mac OS X/.test(userAgent) ? "macOS" : /Linux/.test(userAgent) ? "Linux" : "";
  if (browser && os) return t("sessions.device", { browser, os });
  return userAgent || t("sessions.unknownDevice");
}

function Sessions({ version }: { version: number }) {
  const [sessions, setSessions] = useState<BrowserSession[] | null>(null);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const load = () => api<{ items: BrowserSession[] }>("/api/me/sessions").then((r) => setSessions(r.items)).catch((e) => setError(messageOf(e)));
  useEffect(() => { load(); }, [version]);
  const others = sessions?.filter((s) => !s.current).length ?? 0;
  return (
    <section aria-labelledby="sessions-title" class="panel">
      <h2 id="sessions-title">{t("sessions.title")}</h2>
      <p class="muted">{t("sessions.intro")}</p>
      <FormError error={error} />
      {sessions && (
        <ul class="plain sessions">
          {sessions.map((s) => (
            <li key={s.id} data-session={s.id}>
              <div>
                <strong>{device(s.user_agent)}</strong>{s.current && <> <span class="tag-pill">{t("sessions.current")}</span></>}
                <br />
                <span class="muted">{t("sessions.details", { ip: s.ip_address || "?", since: when(s.created_at), active: ago(s.last_used_at) })}</span>
              </div>
              {!s.current && (
                <button type="button" aria-label={`${t("sessions.signOut")}: ${device(s.user_agent)}, ${when(s.created_at)}`} onClick={async () => {
                  try {
                    await api(`/api/me/sessions/${encodeURIComponent(s.id)}`, { method: "DELETE" });
                    setStatus(t("sessions.ended"));
                    load();
                  } catch (e) {
                    setError(messageOf(e));
                  }
                }}>{t("sessions.signOut")}</button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div class="inline">
        {others > 0 && (
          <button type="button" onClick={async () => {
            try {
              await api("/api/me/sessions", { method: "DELETE" });
              setStatus(t("sessions.allEnded"));
              load();
            } catch (e) {
              setError(messageOf(e));
            }
          }}>{t("sessions.signOutOthers")}</button>
        )}
        <span role="status">{status}</span>
      </div>
    </section>
  );
}

const creditKinds: Record<string, MessageKey> = {
  signup: "credits.kind.signup", referral: "credits.kind.referral", purchase: "credits.kind.purchase",
  generation: "credits.kind.generation", refund: "credits.kind.refund", reversal: "credits.kind.reversal", grant: "credits.kind.grant",
};

function Credits() {
  const list = usePaged<CreditEntry>("/api/me/credits?limit=20");
  const balance = list.first?.balance;
  return (
    <section aria-labelledby="credits-title" class="panel">
      <h2 id="credits-title">{t("credits.title")}</h2>
      {typeof balance === "number" && (
        <p class="stat"><span class="muted">{t("credits.balance")}</span> <strong data-testid="credit-balance">{balance}</strong></p>
      )}
      {list.items.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{t("credits.history")}</caption>
            <thead><tr><th scope="col">{t("credits.date")}</th><th scope="col">{t("credits.kind")}</th><th scope="col" class="num">{t("credits.amount")}</th></tr></thead>
            <tbody>
              {list.items.map((c) => (
                <tr key={c.id}>
                  <td>{when(c.created_at)}</td>
                  <td>{creditKinds[c.kind] ? t(creditKinds[c.kind]) : c.kind}</td>
                  <td class="num">{c.amount > 0 ? `+${c.amount}` : `−${Math.abs(c.amount)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PagedFooter list={list} empty={t("credits.empty")} />
    </section>
  );
}

function DeleteAccount() {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  return (
    <section aria-labelledby="delete-title" class="panel danger-zone">
      <h2 id="delete-title">{t("account.delete")}</h2>
      <p>{t("account.deleteWarning")}</p>
      {!open ? (
        <button type="button" class="danger" onClick={() => setOpen(true)}>{t("account.deleteOpen")}</button>
      ) : (
        <form onSubmit={async (e) => {
          e.preventDefault();
          setError("");
          try {
            await api("/api/me", { method: "DELETE", body: { password } });
            me.set(null);
            reconnectRealtime();
            navigate("/", true);
          } catch (err) {
            setError(err instanceof ApiError && err.status === 403 ? t("account.passwordWrong") : messageOf(err));
          }
        }}>
          <Field label={t("account.deletePassword")} name="delete_password" type="password" value={password} onInput={setPassword} autocomplete="current-password" />
          <FormError error={error} />
          <div class="inline">
            <button type="submit" class="danger-solid">{t("account.deleteConfirm")}</button>
            <button type="button" onClick={() => { setOpen(false); setPassword(""); setError(""); }}>{t("common.cancel")}</button>
          </div>
        </form>
      )}
    </section>
  );
}

export function AccountPage({ query }: { query: URLSearchParams }) {
  const account = useObservable(me);
  const [sessionsVersion, setSessionsVersion] = useState(0);
  const [creditsVersion, setCreditsVersion] = useState(0);
  if (account === null) return <SignInFirst next="/account" />;
  if (!account) return <Loading />;
  return (
    <main id="main" class="page account narrow-wide">
      <h1>{t("account.title")}</h1>
      <div class="panels">
        <Profile account={account} />
        <Password onChanged={() => setSessionsVersion((n) => n + 1)} />
        <TwoFactor />
        <Sessions version={sessionsVersion} />
        <Credits key={creditsVersion} />
        <BuyCredits checkout={query.get("checkout")} onPaid={() => setCreditsVersion((n) => n + 1)} />
        <Referral />
        <DeleteAccount />
      </div>
    </main>
  );
}
