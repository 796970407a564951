// A video's details as its owner edits them (PATCH /api/videos/{id}): title, description,
// tags, category, visibility, age restriction and premium. Shared by the upload page (after
// the file is sent) and the studio's edit page. A refusal of the API names its field
// (`details.field`): the message is shown under that field, which is marked invalid and focused.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import type { Video } from "../lib/types";
import { t } from "../i18n";

type Field = "title" | "description" | "tags" | "category" | "visibility" | "is_adult" | "is_premium";
const fields: Field[] = ["title", "description", "tags", "category", "visibility", "is_adult", "is_premium"];

// The names of the categories in use, suggested as the category is typed.
let categoryNames: Promise<string[]> | null = null;
const loadCategories = () =>
  (categoryNames ??= api<{ items: { name: string }[] }>("/api/categories")
    .then((r) => r.items.map((c) => c.name))
    .catch(() => { categoryNames = null; return []; }));

export function VideoDetails({ video, onSaved, heading, savedExtra }: {
  video: Video;
  onSaved: (v: Video) => void;
  heading?: string;
  savedExtra?: preact.ComponentChildren; // shown beside "Saved" (a link to the watch page)
}) {
  const [title, setTitle] = useState(video.title);
  const [description, setDescription] = useState(video.description ?? "");
  const [tags, setTags] = useState((video.tags ?? []).join(", "));
  const [category, setCategory] = useState(video.category ?? "");
  const [visibility, setVisibility] = useState(video.visibility);
  const [adult, setAdult] = useState(!!video.is_adult);
  const [premium, setPremium] = useState(!!video.is_premium);
  const [categories, setCategories] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<{ field: Field | null; message: string } | null>(null);
  const form = useRef<HTMLFormElement>(null);
  // The flags as last read or saved: they are sent only when changed here (a moderator's
  // adult mark, set meanwhile, is not undone by saving a title).
  const stored = useRef({ is_adult: !!video.is_adult, is_premium: !!video.is_premium });
  const id = `details-${video.id}`;

  useEffect(() => { loadCategories().then(setCategories); }, []);
  // The field the API refused takes the focus, so its message (its aria-describedby, not an
  // alert: that would be read out twice) is read out with it.
  useEffect(() => {
    if (error?.field) form.current?.querySelector<HTMLElement>(`[name="${error.field}"]`)?.focus();
  }, [error]);

  const invalid = (field: Field) => (error?.field === field ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {});
  const fieldError = (field: Field) =>
    error?.field === field ? <p id={`${id}-error`} class="field-error error">{error.message}</p> : null;
  const edited = () => { setSaved(false); };

  return (
    <form ref={form} class="details" aria-label={heading ? undefined : t("upload.details")} aria-labelledby={heading ? `${id}-heading` : undefined}
      onInput={edited} onChange={edited}
      onSubmit={async (e) => {
        e.preventDefault();
        setSaving(true);
        setSaved(false);
        setError(null);
        try {
          const updated = await api<Video>(`/api/videos/${encodeURIComponent(video.id)}`, { method: "PATCH", body: {
            title, description, category, visibility,
            tags: tags.split(",").map((x) => x.trim()).filter(Boolean),
            ...(adult !== stored.current.is_adult ? { is_adult: adult } : {}),
            ...(premium !== stored.current.is_premium ? { is_premium: premium } : {}),
          } });
          stored.current = { is_adult: !!updated.is_adult, is_premium: !!updated.is_premium };
          // What the server stored (trimmed, lower-cased tags): the form shows that.
          setTitle(updated.title);
          setDescription(updated.description ?? "");
          setTags((updated.tags ?? []).join(", "));
          setCategory(updated.category ?? "");
          setAdult(!!updated.is_adult);
          setPremium(!!updated.is_premium);
          onSaved(updated);
          setSaved(true);
        } catch (err) {
          const field = err instanceof ApiError ? (fields.find((f) => f === err.details.field) ?? null) : null;
          setError({ field, message: err instanceof Error ? err.message : String(err) });
        } finally {
          setSaving(false);
        }
      }}>
      {heading && <h2 id={`${id}-heading`}>{heading}</h2>}
      <label class="field"><span>{t("upload.titleField")}</span>
        <input name="title" value={title} required maxLength={200} {...invalid("title")}
          onInput={(e) => setTitle((e.target as HTMLInputElement).value)} /></label>
      {fieldError("title")}
      <label class="field"><span>{t("upload.description")}</span>
        <textarea name="description" rows={5} maxLength={5000} value={description} {...invalid("description")}
          onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)} /></label>
      {fieldError("description")}
      <label class="field"><span>{t("upload.tags")}</span>
        <input name="tags" value={tags} {...invalid("tags")} onInput={(e) => setTags((e.target as HTMLInputElement).value)} /></label>
      {fieldError("tags")}
      <label class="field"><span>{t("details.category")}</span>
        <input name="category" value={category} maxLength={50} list={`${id}-categories`} {...invalid("category")}
          onInput={(e) => setCategory((e.target as HTMLInputElement).value)} />
        <datalist id={`${id}-categories`}>{categories.map((c) => <option value={c} />)}</datalist></label>
      {fieldError("category")}
      <label class="field"><span>{t("upload.visibility")}</span>
        <select name="visibility" value={visibility} {...invalid("visibility")}
          onChange={(e) => setVisibility((e.target as HTMLSelectElement).value as Video["visibility"])}>
          <option value="public">{t("upload.visibility.public")}</option>
          <option value="unlisted">{t("upload.visibility.unlisted")}</option>
          <option value="private">{t("upload.visibility.private")}</option>
        </select></label>
      {fieldError("visibility")}
      <label class="check">
        <input type="checkbox" name="is_adult" checked={adult} {...invalid("is_adult")}
          onChange={(e) => setAdult((e.target as HTMLInputElement).checked)} />
        <span>{t("details.adult")}</span>
      </label>
      {fieldError("is_adult")}
      <label class="check">
        <input type="checkbox" name="is_premium" checked={premium} {...invalid("is_premium")}
          onChange={(e) => setPremium((e.target as HTMLInputElement).checked)} />
        <span>{t("details.premium")}</span>
      </label>
      {fieldError("is_premium")}
      {error && !error.field && <p role="alert" class="error">{error.message}</p>}
      <div class="inline">
        <button type="submit" class="primary" disabled={saving}>{t("upload.save")}</button>
        <span role="status">{saved ? t("upload.saved") : ""}</span>
        {saved && savedExtra}
      </div>
    </form>
  );
}
