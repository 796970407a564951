// The admin pages: users and roles, background jobs, run-time site settings, the audit log
// (admins), and DMCA notices (moderators and admins). Everyone else gets the page that does
// not exist, and nothing is asked of the API for them. docs/api.md#roles,
// docs/moderation.md (the audit log, site settings, the DMCA), docs/billing.md#admin-settings.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, query } from "../lib/api";
import { me, type Me } from "../lib/session";
import { useObservable } from "../lib/store";
import { currentLocation, navigate } from "../lib/router";
import { PagedFooter, usePaged } from "../components/Paged";
import { Loading, NotFound, SignInFirst, adminLinks, isAdmin, isModerator, messageOf, when } from "../components/Gate";
import { FormError } from "./Auth";
import { ChannelAvatar } from "../components/Avatar";
import { ago, t } from "../i18n";
import type { MessageKey } from "../i18n/en";

type Role = Me["role"];
type Profile = { id: string; username: string; display_name: string; avatar_url: string; role: Role; created_at: string };
type Account = Profile & { is_premium: boolean; trusted: boolean; email?: string };
type AuditEntry = { id: string; at: string; actor_id: string | null; action: string; target_type: string; target_id: string; before: unknown; after: unknown; request_id: string };
type Job = {
  id: string; kind: string; state: string; attempts: number; max_attempts: number; subject: string | null;
  last_error: string | null; created_at: string; updated_at: string; run_at: string;
};
type ConfigEntry = { key: string; value: string; version: number; help: string; updated_at: string | null; updated_by: string | null };
type Case = { id: string; target: string; target_id: string; state: string; outcome: string | null; created_at: string; snapshot: Record<string, unknown> };
type CaseDetail = Case & { actions: { internal_note: string }[] };
type NoticeVideo = { video_id: string; state: string; case_id: string | null; restore_at: string | null };
type CounterNotice = {
  id: string; video_id: string; name: string; address: string; phone: string; email: string; signature: string;
  statements: Record<string, string>; restore_at: string; created_at: string;
};
type Notice = {
  id: string; name: string; email: string | null; address: string | null; phone: string | null; signature: string; work: string;
  infringing_urls: string[]; statements: Record<string, string>; videos: NoticeVideo[]; counter_notices: CounterNotice[];
  court_action_at: string | null; redacted: boolean; created_at: string;
};

const roles: Role[] = ["user", "creator", "moderator", "admin"];
const roleKey: Record<Role, MessageKey> = { user: "role.user", creator: "role.creator", moderator: "role.moderator", admin: "role.admin" };

function AdminNav() {
  const account = useObservable(me);
  const where = useObservable(currentLocation);
  return (
    <nav class="chips" aria-label={t("admin.nav")}>
      {adminLinks(account).map(([href, key]) => (
        <a href={href} aria-current={where.path === href || where.path.startsWith(`${href}/`) ? "page" : undefined}>{t(key)}</a>
      ))}
      {isModerator(account) && <a href="/moderation">{t("nav.moderation")}</a>}
    </nav>
  );
}

// The page for those `allowed`, else sign in / loading / not found.
export function Restricted({ path, allowed, children, wide }: { path: string; allowed: (a: Me) => boolean; children: ComponentChildren; wide?: boolean }) {
  const account = useObservable(me);
  if (account === null) return <SignInFirst next={path} />;
  if (account === undefined) return <Loading />;
  if (!allowed(account)) return <NotFound />;
  return (
    <main id="main" class={`page admin${wide ? "" : " narrow-wide"}`}>
      <AdminNav />
      {children}
    </main>
  );
}

// A table that scrolls sideways on a small screen inside a region reachable by keyboard.
export function ScrollTable({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table class="table">{children}</table>
    </div>
  );
}

export function AdminHome() {
  const account = useObservable(me);
  return (
    <Restricted path="/admin" allowed={isModerator}>
      <h1>{t("admin.title")}</h1>
      <ul class="plain">
        {adminLinks(account).map(([href, key]) => <li><a href={href}>{t(key)}</a></li>)}
        <li><a href="/moderation">{t("nav.moderation")}</a></li>
      </ul>
    </Restricted>
  );
}

// ---- Users and roles ----

// What the audit log last recorded of an account's premium and trusted flags: there is no
// route that reads another account's flags, and every change of them is audited (before and
// after). Accounts start with both off.
async function recordedFlags(id: string): Promise<{ is_premium: boolean; trusted: boolean }> {
  const log = await api<{ items: AuditEntry[] }>(`/api/admin/audit${query({ target: id, limit: 100 })}`);
  // A change of role is audited as account.role, of the flags alone as account.update;
  // both record the three after the change.
  const last = log.items.find((e) => (e.action === "account.update" || e.action === "account.role")
    && !!e.after && typeof e.after === "object" && "is_premium" in e.after);
  const after = (last?.after ?? {}) as { is_premium?: boolean; trusted?: boolean };
  return { is_premium: !!after.is_premium, trusted: !!after.trusted };
}

function UserEditor({ profile }: { profile: Profile }) {
  const account = useObservable(me);
  const [saved, setSaved] = useState<Account | null>(null);
  const [role, setRole] = useState<Role>(profile.role);
  const [premium, setPremium] = useState(false);
  const [trusted, setTrusted] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  useEffect(() => {
    setSaved(null); setRole(profile.role); setStatus(""); setError("");
    recordedFlags(profile.id).then((flags) => {
      setSaved({ ...profile, ...flags });
      setPremium(flags.is_premium);
      setTrusted(flags.trusted);
    }).catch((e) => setError(messageOf(e)));
  }, [profile.id]);
  const self = account?.id === profile.id;
  return (
    <section class="panel" aria-labelledby="user-title">
      <div class="channel-row">
        <ChannelAvatar channel={profile} />
        <div class="grow">
          <h2 id="user-title" class="plain-heading">{profile.display_name || profile.username}</h2>
          <span class="muted">@{profile.username} · {t("admin.userId", { id: profile.id })} · {t("admin.joined", { date: when(profile.created_at) })}</span>
        </div>
      </div>
      <p class="inline">
        <a href={`/c/${encodeURIComponent(profile.username)}`}>{t("account.viewChannel")}</a>
        <a href={`/admin/audit${query({ target: profile.id })}`}>{t("admin.userAudit")}</a>
      </p>
      {!saved && !error && <p class="muted">{t("common.loading")}</p>}
      {saved && (
        <form onSubmit={async (e) => {
          e.preventDefault();
          setStatus(""); setError("");
          const body: Record<string, unknown> = {};
          if (role !== saved.role) body.role = role;
          if (premium !== saved.is_premium) body.is_premium = premium;
          if (trusted !== saved.trusted) body.trusted = trusted;
          if (Object.keys(body).length === 0) return setStatus(t("admin.nothingChanged"));
          try {
            const a = await api<Account>(`/api/admin/users/${encodeURIComponent(profile.id)}`, { method: "PATCH", body });
            setSaved(a);
            setRole(a.role); setPremium(a.is_premium); setTrusted(a.trusted);
            setStatus(t("admin.userSaved", { username: a.username }));
          } catch (err) {
            setError(messageOf(err));
          }
        }}>
          <label class="field">
            <span>{t("admin.role")}</span>
            <select name="role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
              {roles.map((r) => <option value={r}>{t(roleKey[r])}</option>)}
            </select>
          </label>
          <label class="check">
            <input type="checkbox" name="is_premium" checked={premium} onChange={(e) => setPremium((e.target as HTMLInputElement).checked)} />
            <span>{t("admin.premium")}</span>
          </label>
          <label class="check">
            <input type="checkbox" name="trusted" checked={trusted} aria-describedby="trusted-help" onChange={(e) => setTrusted((e.target as HTMLInputElement).checked)} />
            <span>{t("admin.trusted")}</span>
          </label>
          <p id="trusted-help" class="muted small">{t("admin.trustedHelp")}</p>
          {self && <p class="muted small">{t("admin.selfWarning")}</p>}
          <FormError error={error} />
          <div class="inline">
            <button type="submit" class="primary">{t("admin.saveUser")}</button>
            <span role="status">{status}</span>
          </div>
        </form>
      )}
      {!saved && <FormError error={error} />}
      <h3>{t("admin.passwordReset")}</h3>
      <p class="muted small">{t("admin.passwordResetHelp")}</p>
      <button type="button" onClick={async () => {
        if (!confirm(t("admin.passwordResetConfirm", { username: profile.username }))) return;
        try {
          await api(`/api/admin/users/${encodeURIComponent(profile.id)}/password-reset`, { method: "POST", body: {} });
          setStatus(t("admin.passwordResetDone", { username: profile.username }));
        } catch (err) {
          setError(messageOf(err));
        }
      }}>{t("admin.passwordResetButton")}</button>
    </section>
  );
}

export function AdminUsers({ query: q }: { query: URLSearchParams }) {
  const wanted = q.get("u") ?? "";
  const [name, setName] = useState(wanted);
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState("");
  const account = useObservable(me);
  useEffect(() => {
    setName(wanted);
    setProfile(null);
    setError("");
    if (!wanted || !isAdmin(account)) return;
    api<Profile>(`/api/users/${encodeURIComponent(wanted)}`).then(setProfile)
      .catch((e) => setError(e instanceof ApiError && e.status === 404 ? t("admin.noSuchUser", { username: wanted }) : messageOf(e)));
  }, [wanted, account?.id]);
  return (
    <Restricted path="/admin/users" allowed={isAdmin}>
      <h1>{t("admin.users")}</h1>
      <form class="inline search-user" role="search" onSubmit={(e) => {
        e.preventDefault();
        const u = name.trim().replace(/^@/, "");
        if (u) navigate(`/admin/users${query({ u })}`);
      }}>
        <label class="field grow">
          <span>{t("admin.findUser")}</span>
          <input name="username" value={name} required autocomplete="off" spellcheck={false} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="primary">{t("admin.find")}</button>
      </form>
      <FormError error={error} />
      {profile && <UserEditor key={profile.id} profile={profile} />}
    </Restricted>
  );
}

// ---- Jobs ----

const jobStates = ["queued", "running", "succeeded", "dead", "cancelled"] as const;
const jobStateKey: Record<string, MessageKey> = {
  queued: "jobs.state.queued", running: "jobs.state.running", succeeded: "jobs.state.succeeded", dead: "jobs.state.dead", cancelled: "jobs.state.cancelled",
};

export function AdminJobs({ query: q }: { query: URLSearchParams }) {
  const account = useObservable(me);
  const state = q.get("state") ?? "";
  const kind = q.get("kind") ?? "";
  const [kindDraft, setKindDraft] = useState(kind);
  const list = usePaged<Job>(isAdmin(account) ? `/api/admin/jobs${query({ limit: 50, state, kind })}` : null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  useEffect(() => setKindDraft(kind), [kind]);
  const go = (next: { state?: string; kind?: string }) => navigate(`/admin/jobs${query({ state, kind, ...next })}`, true);
  return (
    <Restricted path="/admin/jobs" allowed={isAdmin} wide>
      <div class="row">
        <h1>{t("admin.jobs")}</h1>
        <button type="button" onClick={() => { setStatus(""); list.reload(); }}>{t("jobs.refresh")}</button>
      </div>
      <form class="filters" onSubmit={(e) => { e.preventDefault(); go({ kind: kindDraft.trim() }); }}>
        <label class="field">
          <span>{t("jobs.stateFilter")}</span>
          <select name="state" value={state} onChange={(e) => go({ state: (e.target as HTMLSelectElement).value })}>
            <option value="">{t("jobs.state.all")}</option>
            {jobStates.map((s) => <option value={s}>{t(jobStateKey[s])}</option>)}
          </select>
        </label>
        <label class="field">
          <span>{t("jobs.kindFilter")}</span>
          <input name="kind" value={kindDraft} placeholder="transcode" spellcheck={false} onInput={(e) => setKindDraft((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">{t("admin.apply")}</button>
      </form>
      <p role="status" class="muted">{status}</p>
      <FormError error={error} />
      {list.items.length > 0 && (
        <ScrollTable label={t("admin.jobs")}>
          <thead>
            <tr>
              <th scope="col">{t("jobs.kind")}</th><th scope="col">{t("jobs.state")}</th><th scope="col">{t("jobs.attempts")}</th>
              <th scope="col">{t("jobs.subject")}</th><th scope="col">{t("jobs.lastError")}</th><th scope="col">{t("jobs.updated")}</th>
              <th scope="col"><span class="visually-hidden">{t("admin.actions")}</span></th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((job) => (
              <tr key={job.id} data-job={job.id}>
                <td><span class="mono">{job.kind}</span><br /><span class="muted small mono">{job.id}</span></td>
                <td><span class={`state state-${job.state}`}>{jobStateKey[job.state] ? t(jobStateKey[job.state]) : job.state}</span></td>
                <td>{job.attempts}/{job.max_attempts}</td>
                <td class="mono">{job.subject ?? ""}</td>
                <td class="error-text">{job.last_error ?? ""}</td>
                <td><time dateTime={job.updated_at} title={when(job.updated_at)}>{ago(job.updated_at)}</time></td>
                <td class="actions">
                  {(job.state === "dead" || job.state === "cancelled") && (
                    <button type="button" aria-label={`${t("jobs.retry")}: ${job.kind} ${job.id}`} onClick={async () => {
                      setError("");
                      try {
                        const again = await api<Job>(`/api/admin/jobs/${encodeURIComponent(job.id)}/retry`, { method: "POST", body: {} });
                        list.setItems((items) => items.map((j) => (j.id === job.id ? again : j)));
                        setStatus(t("jobs.retried", { kind: job.kind, id: job.id }));
                      } catch (e) {
                        setError(messageOf(e));
                      }
                    }}>{t("jobs.retry")}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <PagedFooter list={list} empty={t("jobs.empty")} />
    </Restricted>
  );
}

// ---- Site settings ----

const groupKey: Record<string, MessageKey> = {
  moderation: "settings.group.moderation", dmca: "settings.group.dmca", billing: "settings.group.billing", studio: "settings.group.studio",
};
// Settings whose values are a fixed list (the rest are text, numbers or true/false).
const choices: Record<string, string[]> = { "moderation.review_new_uploads": ["off", "new_accounts", "untrusted"] };
const isFlag = (e: ConfigEntry) => e.value === "true" || e.value === "false";
const isNumber = (e: ConfigEntry) => /^-?\d+$/.test(e.value) && !choices[e.key];
const isLong = (key: string) => key.endsWith("_prompt");

// The server's help text as a sentence: "credits a new account starts with" → "Credits a new account starts with."
const sentence = (text: string) => (text ? `${text[0].toUpperCase()}${text.slice(1)}${/[.!?)]$/.test(text) ? "" : "."}` : "");

function SettingInput({ entry, value, onChange, invalid }: { entry: ConfigEntry; value: string; onChange: (v: string) => void; invalid: boolean }) {
  const id = `setting-${entry.key.replace(/\W/g, "-")}`;
  const help = `${id}-help`;
  const common = { id, name: entry.key, "aria-describedby": help, "aria-invalid": invalid || undefined };
  let input;
  if (isFlag(entry)) {
    input = <input type="checkbox" {...common} checked={value === "true"} onChange={(e) => onChange((e.target as HTMLInputElement).checked ? "true" : "false")} />;
  } else if (choices[entry.key]) {
    input = (
      <select {...common} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {choices[entry.key].map((c) => <option value={c}>{c}</option>)}
      </select>
    );
  } else if (isLong(entry.key)) {
    input = <textarea {...common} rows={3} value={value} onInput={(e) => onChange((e.target as HTMLTextAreaElement).value)} />;
  } else {
    input = <input {...common} type={isNumber(entry) ? "number" : "text"} inputMode={isNumber(entry) ? "numeric" : undefined} value={value}
      onInput={(e) => onChange((e.target as HTMLInputElement).value)} />;
  }
  return (
    <div class={`setting${isFlag(entry) ? " setting-flag" : ""}`}>
      <label for={id} class="mono">{entry.key}</label>
      {input}
      <p id={help} class="muted small">
        {sentence(entry.help)}
        {entry.updated_at ? <><br />{t("settings.changedBy", { when: ago(entry.updated_at), who: entry.updated_by ?? "?" })}</> : null}
      </p>
    </div>
  );
}

function SettingsGroup({ name, entries, onSaved }: { name: string; entries: ConfigEntry[]; onSaved: (message: string) => void }) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const [invalid, setInvalid] = useState("");
  const [status, setStatus] = useState("");
  // Back to the stored values when they change (this group saved, or someone else's change
  // reloaded), not whenever the page re-renders: what is typed here survives another group's save.
  const versions = entries.map((e) => `${e.key}@${e.version}`).join(" ");
  useEffect(() => setDraft(Object.fromEntries(entries.map((e) => [e.key, e.value]))), [versions]);
  const title = groupKey[name] ? t(groupKey[name]) : name;
  return (
    <form class="panel settings-group" aria-labelledby={`group-${name}`} onSubmit={async (e) => {
      e.preventDefault();
      setError(""); setInvalid(""); setStatus("");
      const changed = entries.filter((x) => draft[x.key] !== undefined && draft[x.key] !== x.value);
      if (changed.length === 0) return setStatus(t("admin.nothingChanged"));
      try {
        if (changed.length === 1) {
          // One value: written only if nobody changed it since this page read it.
          const [x] = changed;
          await api(`/api/admin/config/${encodeURIComponent(x.key)}`, { method: "PUT", body: { value: draft[x.key], version: x.version } });
        } else {
          // Several: all or none (PATCH /api/admin/settings), after checking that none of
          // them moved since this page read them.
          const now = await api<{ items: ConfigEntry[] }>("/api/admin/config");
          const moved = changed.find((x) => now.items.find((n) => n.key === x.key)?.version !== x.version);
          if (moved) throw new ApiError(409, "conflict", t("settings.conflict", { key: moved.key }));
          await api("/api/admin/settings", { method: "PATCH", body: Object.fromEntries(changed.map((x) => [x.key, draft[x.key]])) });
        }
        onSaved(t("settings.saved", { group: title }));
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          setError(t("settings.conflictReloaded", { message: err.message }));
          onSaved("");
        } else {
          setInvalid(err instanceof ApiError ? err.details.field ?? "" : "");
          setError(messageOf(err));
        }
      }
    }}>
      <fieldset>
        <legend id={`group-${name}`}><h2>{title}</h2></legend>
        {entries.map((entry) => (
          <SettingInput key={entry.key} entry={entry} value={draft[entry.key] ?? entry.value} invalid={invalid === entry.key}
            onChange={(v) => setDraft((d) => ({ ...d, [entry.key]: v }))} />
        ))}
      </fieldset>
      <FormError error={error} />
      <div class="inline">
        <button type="submit" class="primary">{t("settings.save", { group: title })}</button>
        <span role="status">{status}</span>
      </div>
    </form>
  );
}

export function AdminSettings() {
  const account = useObservable(me);
  const [entries, setEntries] = useState<ConfigEntry[] | null>(null);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const load = () => api<{ items: ConfigEntry[] }>("/api/admin/config").then((r) => setEntries(r.items)).catch((e) => setError(messageOf(e)));
  useEffect(() => { if (isAdmin(account)) load(); }, [account?.id]);
  const groups = new Map<string, ConfigEntry[]>();
  for (const e of entries ?? []) {
    const name = e.key.split(".")[0];
    groups.set(name, [...(groups.get(name) ?? []), e]);
  }
  return (
    <Restricted path="/admin/settings" allowed={isAdmin}>
      <h1>{t("admin.settings")}</h1>
      <p class="muted">{t("settings.intro")}</p>
      <p role="status" class="muted">{status}</p>
      <FormError error={error} />
      {!entries && !error && <p class="muted">{t("common.loading")}</p>}
      {[...groups].map(([name, list]) => (
        <SettingsGroup key={name} name={name} entries={list} onSaved={(message) => { setStatus(message); load(); }} />
      ))}
    </Restricted>
  );
}

// ---- Audit log ----

const show = (value: unknown) => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
};

// "role: user → moderator" for each top-level field that changed.
function changes(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const out: string[] = [];
  // Before and after of another shape (a moderation action: the content as it was, then the
  // action): what happened is the after; the before is in the details.
  if (!Object.keys(b).some((key) => key in a)) return Object.entries(a).map(([key, value]) => `${key}: ${show(value)}`);
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const was = JSON.stringify(b[key]), now = JSON.stringify(a[key]);
    if (was === now) continue;
    if (!(key in b)) out.push(`${key}: ${show(a[key])}`);
    else if (!(key in a)) out.push(`${key}: ${show(b[key])} → ∅`);
    else out.push(`${key}: ${show(b[key])} → ${show(a[key])}`);
  }
  return out;
}

export function AdminAudit({ query: q }: { query: URLSearchParams }) {
  const account = useObservable(me);
  const actor = q.get("actor") ?? "";
  const target = q.get("target") ?? "";
  const [actorDraft, setActorDraft] = useState(actor);
  const [targetDraft, setTargetDraft] = useState(target);
  useEffect(() => { setActorDraft(actor); setTargetDraft(target); }, [actor, target]);
  const list = usePaged<AuditEntry>(isAdmin(account) ? `/api/admin/audit${query({ limit: 50, actor, target })}` : null);
  return (
    <Restricted path="/admin/audit" allowed={isAdmin} wide>
      <h1>{t("admin.audit")}</h1>
      <form class="filters" onSubmit={(e) => {
        e.preventDefault();
        navigate(`/admin/audit${query({ actor: actorDraft.trim(), target: targetDraft.trim() })}`);
      }}>
        <label class="field">
          <span>{t("audit.actor")}</span>
          <input name="actor" value={actorDraft} spellcheck={false} onInput={(e) => setActorDraft((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span>{t("audit.target")}</span>
          <input name="target" value={targetDraft} spellcheck={false} onInput={(e) => setTargetDraft((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">{t("admin.apply")}</button>
        {(actor || target) && <a href="/admin/audit">{t("audit.clearFilters")}</a>}
      </form>
      {list.items.length > 0 && (
        <ScrollTable label={t("admin.audit")}>
          <thead>
            <tr>
              <th scope="col">{t("audit.when")}</th><th scope="col">{t("audit.action")}</th><th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.target")}</th><th scope="col">{t("audit.change")}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((entry) => (
              <tr key={entry.id} data-audit={entry.action}>
                <td><time dateTime={entry.at}>{when(entry.at)}</time></td>
                <td class="mono">{entry.action}</td>
                <td class="mono">
                  {entry.actor_id ? <a href={`/admin/audit${query({ actor: entry.actor_id })}`}>{entry.actor_id}</a> : t("audit.system")}
                </td>
                <td class="mono">
                  {entry.target_type}{" "}
                  <a href={`/admin/audit${query({ target: entry.target_id })}`}>{entry.target_id}</a>
                </td>
                <td>
                  <ul class="changes">{changes(entry.before, entry.after).map((c) => <li>{c}</li>)}</ul>
                  <details>
                    <summary>{t("audit.details")}</summary>
                    <pre class="json">{JSON.stringify({ before: entry.before, after: entry.after, request_id: entry.request_id }, null, 2)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <PagedFooter list={list} empty={t("audit.empty")} />
    </Restricted>
  );
}

// ---- DMCA notices ----

const noticeStateKey: Record<string, MessageKey> = {
  removed: "dmca.state.removed", countered: "dmca.state.countered", restored: "dmca.state.restored", court_action: "dmca.state.court_action",
  restoring: "dmca.state.countered",
};

// A DMCA case records its notice in the removal's internal note ("notice <id>").
async function noticeOfCase(caseId: string): Promise<string | null> {
  const detail = await api<CaseDetail>(`/api/moderation/cases/${encodeURIComponent(caseId)}`);
  for (const action of detail.actions ?? []) {
    const found = /^notice (\S+)/.exec(action.internal_note ?? "");
    if (found) return found[1];
  }
  return null;
}

function DmcaCaseRow({ item }: { item: Case }) {
  const [error, setError] = useState("");
  const title = String(item.snapshot.title ?? item.snapshot.username ?? item.target_id);
  return (
    <li class="case" data-case={item.id}>
      <p>
        <strong>{title}</strong>{" "}
        <span class="muted">
          {item.snapshot.owner_username ? `@${String(item.snapshot.owner_username)} · ` : ""}
          {item.outcome ?? item.state} · {when(item.created_at)}
        </span>
      </p>
      <div class="inline">
        <button type="button" aria-label={`${t("dmca.open")}: ${title}`} onClick={async () => {
          setError("");
          try {
            const id = await noticeOfCase(item.id);
            if (id) navigate(`/admin/dmca/${encodeURIComponent(id)}`);
            else setError(t("dmca.noNotice"));
          } catch (e) {
            setError(messageOf(e));
          }
        }}>{t("dmca.open")}</button>
        {item.target === "video" && <a href={`/watch/${encodeURIComponent(item.target_id)}`} aria-label={`${t("dmca.video")}: ${title}`}>{t("dmca.video")}</a>}
      </div>
      <FormError error={error} />
    </li>
  );
}

export function AdminDmca() {
  const account = useObservable(me);
  const [id, setId] = useState("");
  const list = usePaged<Case>(isModerator(account) ? "/api/moderation/cases?source=dmca&state=all&sort=newest&limit=30" : null);
  return (
    <Restricted path="/admin/dmca" allowed={isModerator}>
      <h1>{t("admin.dmca")}</h1>
      <p class="muted">{t("dmca.intro")}</p>
      <form class="inline" onSubmit={(e) => { e.preventDefault(); if (id.trim()) navigate(`/admin/dmca/${encodeURIComponent(id.trim())}`); }}>
        <label class="field grow">
          <span>{t("dmca.byId")}</span>
          <input name="notice" value={id} required spellcheck={false} onInput={(e) => setId((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">{t("dmca.openById")}</button>
      </form>
      <h2>{t("dmca.cases")}</h2>
      <ul class="plain">{list.items.map((c) => <DmcaCaseRow key={c.id} item={c} />)}</ul>
      <PagedFooter list={list} empty={t("dmca.empty")} />
    </Restricted>
  );
}

function Facts({ rows }: { rows: [string, ComponentChildren][] }) {
  return <dl class="facts">{rows.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => <><dt>{k}</dt><dd>{v}</dd></>)}</dl>;
}

export function AdminDmcaNotice({ params }: { params: Record<string, string> }) {
  const account = useObservable(me);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  useEffect(() => {
    setNotice(null);
    setError("");
    if (!isModerator(account)) return;
    api<Notice>(`/api/dmca/notices/${encodeURIComponent(params.id)}`).then(setNotice)
      .catch((e) => setError(e instanceof ApiError && e.status === 404 ? t("dmca.missing") : messageOf(e)));
  }, [params.id, account?.id]);
  const countered = notice?.videos.some((v) => v.state === "countered");
  return (
    <Restricted path={`/admin/dmca/${params.id}`} allowed={isModerator}>
      <p><a href="/admin/dmca">{t("dmca.back")}</a></p>
      {!notice && !error && <p class="muted">{t("common.loading")}</p>}
      <FormError error={error} />
      {notice && (
        <article aria-labelledby="notice-title">
          <h1 id="notice-title">{t("dmca.noticeTitle", { work: notice.work })}</h1>
          <Facts rows={[
            [t("dmca.received"), when(notice.created_at)],
            [t("dmca.noticeId"), <span class="mono">{notice.id}</span>],
            [t("dmca.complainant"), notice.name],
            [t("auth.email"), notice.email],
            [t("dmca.address"), notice.address ? <span class="pre">{notice.address}</span> : null],
            [t("dmca.phone"), notice.phone],
            [t("dmca.signature"), notice.signature],
            [t("dmca.work"), <span class="pre">{notice.work}</span>],
            [t("dmca.urls"), <ul class="plain-list">{notice.infringing_urls.map((u) => <li class="mono">{u}</li>)}</ul>],
          ]} />
          <h2>{t("dmca.statements")}</h2>
          <ul>{Object.values(notice.statements ?? {}).map((s) => <li>{s}</li>)}</ul>
          <h2>{t("dmca.videos")}</h2>
          <ScrollTable label={t("dmca.videos")}>
            <thead><tr><th scope="col">{t("dmca.video")}</th><th scope="col">{t("jobs.state")}</th><th scope="col">{t("dmca.restoreAt")}</th></tr></thead>
            <tbody>
              {notice.videos.map((v) => (
                <tr key={v.video_id}>
                  <td><a class="mono" href={`/watch/${encodeURIComponent(v.video_id)}`}>{v.video_id}</a></td>
                  <td>{noticeStateKey[v.state] ? t(noticeStateKey[v.state]) : v.state}</td>
                  <td>{v.restore_at ? when(v.restore_at) : ""}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          <h2>{t("dmca.counterNotices")}</h2>
          {notice.counter_notices.length === 0 && <p class="muted">{t("dmca.noCounterNotices")}</p>}
          {notice.counter_notices.map((c) => (
            <section class="panel" aria-label={t("dmca.counterFrom", { name: c.name })}>
              <h3>{t("dmca.counterFrom", { name: c.name })}</h3>
              <Facts rows={[
                [t("dmca.received"), when(c.created_at)],
                [t("dmca.video"), <a class="mono" href={`/watch/${encodeURIComponent(c.video_id)}`}>{c.video_id}</a>],
                [t("dmca.address"), <span class="pre">{c.address}</span>],
                [t("dmca.phone"), c.phone],
                [t("auth.email"), c.email],
                [t("dmca.signature"), c.signature],
                [t("dmca.restoreAt"), c.restore_at ? when(c.restore_at) : ""],
              ]} />
              <ul>{Object.values(c.statements ?? {}).map((s) => <li>{s}</li>)}</ul>
            </section>
          ))}
          <h2>{t("dmca.courtAction")}</h2>
          {notice.court_action_at ? <p>{t("dmca.courtRecorded", { date: when(notice.court_action_at) })}</p> : (
            <>
              <p class="muted">{t("dmca.courtHelp")}</p>
              <button type="button" disabled={!countered} onClick={async () => {
                if (!confirm(t("dmca.courtConfirm"))) return;
                try {
                  setNotice(await api<Notice>(`/api/dmca/notices/${encodeURIComponent(notice.id)}/court-action`, { method: "POST", body: {} }));
                  setStatus(t("dmca.courtDone"));
                } catch (e) {
                  setError(messageOf(e));
                }
              }}>{t("dmca.courtButton")}</button>
              {!countered && <p class="muted small">{t("dmca.courtNothing")}</p>}
            </>
          )}
          <p role="status">{status}</p>
        </article>
      )}
    </Restricted>
  );
}
