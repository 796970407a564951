// More admin pages: credit packs (docs/billing.md#credit-packs), the studio's music library
// (docs/studio.md#music), the fingerprint blocklist's lists (docs/security.md#sharing-lists)
// and search statistics (docs/search.md#the-query-log). Admins only: everyone else gets the
// page that does not exist, and nothing is asked of the API for them.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, query } from "../lib/api";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import { navigate } from "../lib/router";
import { isAdmin, messageOf, when } from "../components/Gate";
import { FormError } from "./Auth";
import { Restricted, ScrollTable } from "./Admin";
import { money, minorUnits, type CreditPack } from "./AccountBilling";
import { bytes, duration, t } from "../i18n";

// ---- Credit packs ----

type PackDraft = { name: string; credits: string; price: string; currency: string };
const emptyDraft: PackDraft = { name: "", credits: "", price: "", currency: "usd" };
const draftOf = (p: CreditPack): PackDraft => ({
  name: p.name, credits: String(p.credits), price: String(p.amount_cents / minorUnits(p.currency)), currency: p.currency,
});

// The API's body from the form: the price typed in the currency's major unit (9.99 dollars).
function packBody(d: PackDraft): Record<string, unknown> {
  const price = Number(d.price.replace(",", "."));
  return {
    name: d.name.trim(),
    credits: Number(d.credits),
    amount_cents: Number.isFinite(price) ? Math.round(price * minorUnits(d.currency)) : -1,
    currency: d.currency.trim().toLowerCase(),
  };
}

function PackForm({ initial, title, submitLabel, onSubmit, onCancel, idPrefix }: {
  initial: PackDraft; title: string; submitLabel: string; idPrefix: string;
  onSubmit: (d: PackDraft) => Promise<void>; onCancel?: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState("");
  const [invalid, setInvalid] = useState("");
  const set = (k: keyof PackDraft) => (e: Event) => setDraft((d) => ({ ...d, [k]: (e.target as HTMLInputElement).value }));
  const bad = (field: string) => (invalid === field ? "true" : undefined);
  return (
    <form class="panel pack-form" aria-labelledby={`${idPrefix}-title`} onSubmit={async (e) => {
      e.preventDefault();
      setError(""); setInvalid("");
      try {
        await onSubmit(draft);
      } catch (err) {
        setInvalid(err instanceof ApiError ? (err.details.field === "amount_cents" ? "price" : err.details.field ?? "") : "");
        setError(messageOf(err));
      }
    }}>
      <h2 id={`${idPrefix}-title`}>{title}</h2>
      <div class="form-grid">
        <label class="field">
          <span>{t("packs.name")}</span>
          <input name="name" value={draft.name} required maxLength={100} aria-invalid={bad("name")} onInput={set("name")} />
        </label>
        <label class="field">
          <span>{t("packs.credits")}</span>
          <input name="credits" type="number" min={1} step={1} inputMode="numeric" value={draft.credits} required aria-invalid={bad("credits")} onInput={set("credits")} />
        </label>
        <label class="field">
          <span>{t("packs.price")}</span>
          <input name="price" inputMode="decimal" value={draft.price} required pattern="[0-9]+([.,][0-9]{1,3})?" aria-invalid={bad("price")} onInput={set("price")} />
        </label>
        <label class="field">
          <span>{t("packs.currency")}</span>
          <input name="currency" value={draft.currency} required minLength={3} maxLength={3} pattern="[A-Za-z]{3}" spellcheck={false}
            autocapitalize="off" aria-invalid={bad("currency")} onInput={set("currency")} />
        </label>
      </div>
      <FormError error={error} />
      <div class="inline">
        <button type="submit" class="primary">{submitLabel}</button>
        {onCancel && <button type="button" onClick={onCancel}>{t("common.cancel")}</button>}
      </div>
    </form>
  );
}

export function AdminCreditPacks() {
  const account = useObservable(me);
  const [packs, setPacks] = useState<CreditPack[] | null>(null);
  const [editing, setEditing] = useState<CreditPack | null>(null);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const [createKey, setCreateKey] = useState(0);
  const load = () => api<{ items: CreditPack[] }>("/api/admin/credit-packs").then((r) => setPacks(r.items)).catch((e) => setError(messageOf(e)));
  useEffect(() => { if (isAdmin(account)) load(); }, [account?.id]);
  const patch = async (p: CreditPack, body: Record<string, unknown>) => {
    const saved = await api<CreditPack>(`/api/admin/credit-packs/${encodeURIComponent(p.id)}`, { method: "PATCH", body });
    setPacks((list) => (list ?? []).map((x) => (x.id === saved.id ? saved : x)));
    return saved;
  };
  return (
    <Restricted path="/admin/credit-packs" allowed={isAdmin}>
      <h1>{t("admin.creditPacks")}</h1>
      <p class="muted">{t("packs.intro")}</p>
      <p role="status" class="muted">{status}</p>
      <FormError error={error} />
      {!packs && !error && <p class="muted">{t("common.loading")}</p>}
      {packs && packs.length === 0 && <p>{t("packs.empty")}</p>}
      {packs && packs.length > 0 && (
        <ScrollTable label={t("admin.creditPacks")}>
          <thead>
            <tr>
              <th scope="col">{t("packs.name")}</th><th scope="col" class="num">{t("packs.credits")}</th>
              <th scope="col" class="num">{t("packs.price")}</th><th scope="col">{t("packs.state")}</th>
              <th scope="col">{t("jobs.updated")}</th><th scope="col"><span class="visually-hidden">{t("admin.actions")}</span></th>
            </tr>
          </thead>
          <tbody>
            {packs.map((p) => (
              <tr key={p.id} data-pack={p.id}>
                <td>{p.name}</td>
                <td class="num">{p.credits}</td>
                <td class="num">{money(p.amount_cents, p.currency)}</td>
                <td><span class={`state ${p.active ? "state-succeeded" : ""}`}>{p.active ? t("packs.onSale") : t("packs.retired")}</span></td>
                <td>{when(p.updated_at)}</td>
                <td class="actions">
                  <button type="button" aria-label={`${t("packs.edit")}: ${p.name}`} onClick={() => { setStatus(""); setEditing(p); }}>{t("packs.edit")}</button>{" "}
                  <button type="button" aria-label={`${p.active ? t("packs.retire") : t("packs.restore")}: ${p.name}`} onClick={async () => {
                    setError(""); setStatus("");
                    try {
                      const saved = await patch(p, { active: !p.active });
                      setStatus(t(saved.active ? "packs.restored" : "packs.retiredNow", { name: saved.name }));
                    } catch (e) {
                      setError(messageOf(e));
                    }
                  }}>{p.active ? t("packs.retire") : t("packs.restore")}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {packs && <p class="muted small">{t("packs.noDelete")}</p>}
      {editing && (
        <PackForm key={editing.id} idPrefix="edit-pack" initial={draftOf(editing)} title={t("packs.editTitle", { name: editing.name })}
          submitLabel={t("packs.save")} onCancel={() => setEditing(null)}
          onSubmit={async (d) => {
            const saved = await patch(editing, packBody(d));
            setEditing(null);
            setStatus(t("packs.saved", { name: saved.name }));
          }} />
      )}
      {packs && (
        <PackForm key={`new-${createKey}`} idPrefix="new-pack" initial={emptyDraft} title={t("packs.create")} submitLabel={t("packs.createButton")}
          onSubmit={async (d) => {
            const made = await api<CreditPack>("/api/admin/credit-packs", { method: "POST", body: packBody(d) });
            setPacks((list) => [...(list ?? []), made]);
            setCreateKey((n) => n + 1);
            setStatus(t("packs.created", { name: made.name }));
          }} />
      )}
    </Restricted>
  );
}

// ---- Music library ----

type Track = { id: string; title: string; artist: string; duration_ms: number; format: string; size: number; preview_url: string; created_at: string };

const audioTypes: Record<string, string> = { mp3: "audio/mpeg", wav: "audio/wav", m4a: "audio/mp4", mp4: "audio/mp4", aac: "audio/aac" };

export function AdminMusic() {
  const account = useObservable(me);
  const [tracks, setTracks] = useState<Track[] | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState("");
  const [artist, setArtist] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const fileInput = useRef<HTMLInputElement>(null);
  const load = () => api<{ items: Track[] }>("/api/studio/music").then((r) => setTracks(r.items)).catch((e) => setError(messageOf(e)));
  useEffect(() => { if (isAdmin(account)) load(); }, [account?.id]);
  return (
    <Restricted path="/admin/music" allowed={isAdmin}>
      <h1>{t("admin.music")}</h1>
      <p class="muted">{t("music.intro")}</p>
      <form class="panel" aria-labelledby="music-upload-title" onSubmit={async (e) => {
        e.preventDefault();
        if (!file || busy) return;
        setError(""); setStatus("");
        setBusy(true);
        const ext = file.name.split(".").pop()?.toLowerCase() ?? "";
        const type = file.type.startsWith("audio/") ? file.type : audioTypes[ext] ?? "audio/mpeg";
        const name = title.trim() || file.name.replace(/\.[^.]+$/, "");
        try {
          const track = await api<Track>(`/api/admin/music${query({ title: name, artist: artist.trim() })}`, { method: "POST", raw: file, contentType: type });
          setTracks((list) => [track, ...(list ?? []).filter((x) => x.id !== track.id)]);
          setStatus(t("music.added", { title: track.title }));
          setFile(null); setTitle(""); setArtist("");
          if (fileInput.current) fileInput.current.value = "";
        } catch (err) {
          setError(messageOf(err));
        } finally {
          setBusy(false);
        }
      }}>
        <h2 id="music-upload-title">{t("music.upload")}</h2>
        <label class="field">
          <span>{t("music.file")}</span>
          <input ref={fileInput} name="audio" type="file" required accept="audio/mpeg,audio/mp4,audio/aac,audio/wav,audio/x-wav,.mp3,.m4a,.aac,.wav"
            aria-describedby="music-file-help" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
          <small id="music-file-help" class="muted">{t("music.fileHelp")}</small>
        </label>
        <div class="form-grid">
          <label class="field">
            <span>{t("music.title")}</span>
            <input name="title" value={title} maxLength={200} placeholder={file ? file.name.replace(/\.[^.]+$/, "") : ""}
              onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span>{t("music.artist")}</span>
            <input name="artist" value={artist} maxLength={200} onInput={(e) => setArtist((e.target as HTMLInputElement).value)} />
          </label>
        </div>
        <FormError error={error} />
        <div class="inline">
          <button type="submit" class="primary" disabled={busy}>{busy ? t("music.uploading") : t("music.add")}</button>
          <span role="status">{status}</span>
        </div>
      </form>
      <h2>{t("music.library")}</h2>
      {!tracks && !error && <p class="muted">{t("common.loading")}</p>}
      {tracks && tracks.length === 0 && <p class="muted">{t("music.empty")}</p>}
      {tracks && tracks.length > 0 && (
        <ul class="plain tracks">
          {tracks.map((track) => (
            <li key={track.id} class="track" data-track={track.id}>
              <div class="grow">
                <strong>{track.title}</strong>{track.artist && <span class="muted"> · {track.artist}</span>}<br />
                <span class="muted small">{duration(track.duration_ms)} · {track.format.toUpperCase()} · {bytes(track.size)} · {when(track.created_at)}</span>
              </div>
              <audio controls preload="none" src={track.preview_url} aria-label={t("music.preview", { title: track.title })} />
              <button type="button" class="danger" aria-label={`${t("music.delete")}: ${track.title}`} onClick={async () => {
                if (!confirm(t("music.confirmDelete", { title: track.title }))) return;
                setError(""); setStatus("");
                try {
                  await api(`/api/admin/music/${encodeURIComponent(track.id)}`, { method: "DELETE" });
                  setTracks((list) => (list ?? []).filter((x) => x.id !== track.id));
                  setStatus(t("music.deleted", { title: track.title }));
                } catch (e) {
                  setError(messageOf(e));
                }
              }}>{t("music.delete")}</button>
            </li>
          ))}
        </ul>
      )}
    </Restricted>
  );
}

// ---- Fingerprint lists ----

type BlockList = { id: string; label: string; reason: string; hashes: number; created_at: string };

export function AdminFingerprints() {
  const account = useObservable(me);
  const [lists, setLists] = useState<BlockList[] | null>(null);
  const [label, setLabel] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [importError, setImportError] = useState("");
  const [status, setStatus] = useState("");
  const fileInput = useRef<HTMLInputElement>(null);
  const load = () => api<{ items: BlockList[] }>("/api/admin/fingerprints/lists").then((r) => setLists(r.items)).catch((e) => setError(messageOf(e)));
  useEffect(() => { if (isAdmin(account)) load(); }, [account?.id]);
  return (
    <Restricted path="/admin/fingerprints" allowed={isAdmin}>
      <h1>{t("admin.fingerprints")}</h1>
      <p class="muted">{t("fingerprints.intro")}</p>
      <form class="panel" aria-labelledby="fp-import-title" onSubmit={async (e) => {
        e.preventDefault();
        if (!file || busy) return;
        setImportError(""); setStatus("");
        setBusy(true);
        try {
          const list = await api<BlockList>(`/api/admin/fingerprints/lists${query({ label: label.trim() })}`, { method: "POST", raw: file, contentType: "text/plain" });
          setLists((all) => [list, ...(all ?? []).filter((x) => x.id !== list.id)]);
          setStatus(t("fingerprints.imported", { count: list.hashes, label: list.label }));
          setLabel(""); setFile(null);
          if (fileInput.current) fileInput.current.value = "";
        } catch (err) {
          const line = err instanceof ApiError ? err.details.line : undefined;
          setImportError(line ? t("fingerprints.badLine", { file: file.name, message: messageOf(err) }) : messageOf(err));
        } finally {
          setBusy(false);
        }
      }}>
        <h2 id="fp-import-title">{t("fingerprints.import")}</h2>
        <label class="field">
          <span>{t("fingerprints.label")}</span>
          <input name="label" value={label} maxLength={200} onInput={(e) => setLabel((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span>{t("fingerprints.file")}</span>
          <input ref={fileInput} name="hashes" type="file" required accept=".txt,.csv,text/plain" aria-describedby="fp-file-help"
            onChange={(e) => { setImportError(""); setFile((e.target as HTMLInputElement).files?.[0] ?? null); }} />
          <small id="fp-file-help" class="muted">{t("fingerprints.fileHelp")}</small>
        </label>
        <FormError error={importError} />
        <div class="inline">
          <button type="submit" class="primary" disabled={busy}>{busy ? t("fingerprints.importing") : t("fingerprints.importButton")}</button>
          <span role="status">{status}</span>
        </div>
      </form>
      <div class="row">
        <h2>{t("fingerprints.lists")}</h2>
        <a class="button" href="/api/admin/fingerprints/hashes" download="marquee-blocklist.txt">{t("fingerprints.exportAll")}</a>
      </div>
      <FormError error={error} />
      {!lists && !error && <p class="muted">{t("common.loading")}</p>}
      {lists && lists.length === 0 && <p class="muted">{t("fingerprints.empty")}</p>}
      {lists && lists.length > 0 && (
        <ScrollTable label={t("fingerprints.lists")}>
          <thead>
            <tr>
              <th scope="col">{t("fingerprints.list")}</th><th scope="col">{t("fingerprints.reason")}</th>
              <th scope="col" class="num">{t("fingerprints.hashes")}</th><th scope="col">{t("fingerprints.created")}</th>
              <th scope="col"><span class="visually-hidden">{t("admin.actions")}</span></th>
            </tr>
          </thead>
          <tbody>
            {lists.map((list) => (
              <tr key={list.id} data-list={list.id}>
                <td>{list.label}<br /><span class="muted small mono">{list.id}</span></td>
                <td>{list.reason}</td>
                <td class="num">{list.hashes}</td>
                <td>{when(list.created_at)}</td>
                <td class="actions">
                  <a class="button" href={`/api/admin/fingerprints/hashes${query({ list: list.id })}`} download={`${list.id.replace(/[^A-Za-z0-9_-]+/g, "-")}.txt`}
                    aria-label={`${t("fingerprints.export")}: ${list.label}`}>{t("fingerprints.export")}</a>{" "}
                  <button type="button" class="danger" aria-label={`${t("fingerprints.delete")}: ${list.label}`} onClick={async () => {
                    if (!confirm(t("fingerprints.confirmDelete", { label: list.label }))) return;
                    setError(""); setStatus("");
                    try {
                      await api(`/api/admin/fingerprints/lists/${encodeURIComponent(list.id)}`, { method: "DELETE" });
                      setLists((all) => (all ?? []).filter((x) => x.id !== list.id));
                      setStatus(t("fingerprints.deleted", { label: list.label }));
                    } catch (e) {
                      setError(messageOf(e));
                    }
                  }}>{t("fingerprints.delete")}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </Restricted>
  );
}

// ---- Search statistics ----

type QueryStat = { query: string; searches: number; zero_results: number };
type SearchStats = { days: number; top_queries: QueryStat[]; zero_result_queries: QueryStat[] };
const dayChoices = [1, 7, 30];

export function AdminSearch({ query: q }: { query: URLSearchParams }) {
  const account = useObservable(me);
  const days = dayChoices.includes(Number(q.get("days"))) ? Number(q.get("days")) : 7;
  const [stats, setStats] = useState<SearchStats | null>(null);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!isAdmin(account)) return;
    setError("");
    api<SearchStats>(`/api/admin/search/stats${query({ days, limit: 50 })}`).then(setStats).catch((e) => setError(messageOf(e)));
  }, [account?.id, days, version]);
  return (
    <Restricted path="/admin/search" allowed={isAdmin}>
      <h1>{t("admin.search")}</h1>
      <p class="muted">{t("searchStats.intro")}</p>
      <div class="filters">
        <label class="field">
          <span>{t("searchStats.period")}</span>
          <select name="days" value={String(days)} onChange={(e) => {
            navigate(`/admin/search${query({ days: (e.target as HTMLSelectElement).value })}`, true);
          }}>
            {dayChoices.map((d) => <option value={String(d)}>{t(d === 1 ? "searchStats.day" : "searchStats.days", { days: d })}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => { setStatus(""); setVersion((n) => n + 1); }}>{t("searchStats.reload")}</button>
      </div>
      <FormError error={error} />
      {!stats && !error && <p class="muted">{t("common.loading")}</p>}
      {stats && (
        <div class="stats-tables">
          <section aria-labelledby="top-queries">
            <h2 id="top-queries">{t("searchStats.top")}</h2>
            {stats.top_queries.length === 0 ? <p class="muted">{t("searchStats.none")}</p> : (
              <ScrollTable label={t("searchStats.top")}>
                <thead><tr><th scope="col">{t("searchStats.query")}</th><th scope="col" class="num">{t("searchStats.searches")}</th><th scope="col" class="num">{t("searchStats.zero")}</th></tr></thead>
                <tbody>
                  {stats.top_queries.map((s) => <tr key={s.query} data-query={s.query}><td>{s.query}</td><td class="num">{s.searches}</td><td class="num">{s.zero_results}</td></tr>)}
                </tbody>
              </ScrollTable>
            )}
          </section>
          <section aria-labelledby="zero-queries">
            <h2 id="zero-queries">{t("searchStats.zeroTitle")}</h2>
            <p class="muted small">{t("searchStats.zeroHelp")}</p>
            {stats.zero_result_queries.length === 0 ? <p class="muted">{t("searchStats.none")}</p> : (
              <ScrollTable label={t("searchStats.zeroTitle")}>
                <thead><tr><th scope="col">{t("searchStats.query")}</th><th scope="col" class="num">{t("searchStats.zero")}</th></tr></thead>
                <tbody>
                  {stats.zero_result_queries.map((s) => <tr key={s.query} data-query={s.query}><td>{s.query}</td><td class="num">{s.zero_results}</td></tr>)}
                </tbody>
              </ScrollTable>
            )}
          </section>
        </div>
      )}
      <section class="panel" aria-labelledby="vocab-title">
        <h2 id="vocab-title">{t("searchStats.vocabulary")}</h2>
        <p class="muted">{t("searchStats.vocabularyHelp")}</p>
        <div class="inline">
          <button type="button" onClick={async () => {
            setError(""); setStatus("");
            try {
              await api("/api/admin/search/refresh", { method: "POST", body: {} });
              setStatus(t("searchStats.refreshed"));
            } catch (e) {
              setError(messageOf(e));
            }
          }}>{t("searchStats.refresh")}</button>
          <span role="status">{status}</span>
        </div>
      </section>
    </Restricted>
  );
}
