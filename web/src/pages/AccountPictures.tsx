// The avatar and channel banner on /account: pick a picture (JPEG, PNG or WebP), see it as
// the server stored it (cropped to fill its frame, metadata stripped: PUT /api/me/avatar and
// /api/me/banner), or remove it. docs/api.md#accounts.
import { useRef, useState } from "preact/hooks";
import { api } from "../lib/api";
import { me, type Me } from "../lib/session";
import { FormError } from "./Auth";
import { messageOf } from "../components/Gate";
import { ChannelAvatar, sameOriginImage } from "../components/Avatar";
import { t } from "../i18n";

type Which = "avatar" | "banner";
type Pictures = { avatar_url: string; banner_url: string };

const MAX_BYTES = 10 * 1024 * 1024;

function PictureField({ which, url, onChange, account }: {
  which: Which; url: string; account: Me; onChange: (p: Pictures) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const send = async (method: "PUT" | "DELETE", file?: File) => {
    setError("");
    setStatus("");
    if (file && file.size > MAX_BYTES) {
      setError(t("pictures.tooLarge"));
      return;
    }
    setBusy(true);
    try {
      // As a form: the browser names the file's type, or the server reads it from the bytes.
      const body = file ? new FormData() : undefined;
      if (file && body) body.append("file", file);
      const a = await api<Me & Pictures>(`/api/me/${which}`, body ? { method, raw: body } : { method });
      onChange({ avatar_url: a.avatar_url ?? "", banner_url: a.banner_url ?? "" });
      if (which === "avatar") me.set({ ...account, avatar_url: a.avatar_url });
      setStatus(file ? t(`pictures.${which}Saved`) : t(`pictures.${which}Removed`));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  };
  const id = `picture-${which}`;
  return (
    <div class={`picture-field picture-${which}`}>
      <h3 id={`${id}-title`}>{t(`pictures.${which}`)}</h3>
      {which === "avatar"
        ? <ChannelAvatar channel={{ username: account.username, display_name: account.display_name, avatar_url: url }} large />
        : sameOriginImage(url) ? <img class="banner" src={url} alt="" width={2048} height={340} /> : <div class="banner" aria-hidden="true" />}
      <p class="muted" id={`${id}-help`}>{t(`pictures.${which}Help`)}</p>
      <div class="inline">
        <label class="button">
          {busy ? t("pictures.uploading") : t(`pictures.choose.${which}`)}
          {/* aria-disabled, not disabled: the focused input keeps the focus while it uploads */}
          <input ref={input} id={id} class="visually-hidden" type="file" accept="image/jpeg,image/png,image/webp" aria-disabled={busy}
            aria-describedby={`${id}-help`}
            onClick={(e) => busy && e.preventDefault()}
            onChange={(e) => {
              const file = (e.target as HTMLInputElement).files?.[0];
              if (file && !busy) void send("PUT", file);
            }} />
        </label>
        {url && <button type="button" disabled={busy} onClick={() => send("DELETE")}>{t(`pictures.remove.${which}`)}</button>}
        <span role="status">{status}</span>
      </div>
      <FormError error={error} />
    </div>
  );
}

export function ProfilePictures({ account, initial }: { account: Me; initial: Pictures }) {
  const [pictures, setPictures] = useState<Pictures>(initial);
  return (
    <section aria-labelledby="pictures-title" class="panel">
      <h2 id="pictures-title">{t("pictures.title")}</h2>
      <PictureField which="avatar" url={pictures.avatar_url} account={account} onChange={setPictures} />
      <PictureField which="banner" url={pictures.banner_url} account={account} onChange={setPictures} />
    </section>
  );
}
