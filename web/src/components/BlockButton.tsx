// Block a channel (its videos and comments leave your feeds and pages) or unblock it.
import { useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import { t } from "../i18n";

export function BlockButton({ username }: { username: string }) {
  const account = useObservable(me);
  const [blocked, setBlocked] = useState(false);
  const [status, setStatus] = useState("");
  if (!account || account.username === username) return null;
  const toggle = async () => {
    try {
      await api(`/api/users/${encodeURIComponent(username)}/block`, { method: blocked ? "DELETE" : "POST", body: blocked ? undefined : {} });
      setStatus(blocked ? "" : t("block.done"));
      setBlocked(!blocked);
    } catch (e) {
      setStatus(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <span class="inline">
      <button type="button" aria-pressed={blocked} onClick={toggle}>{blocked ? t("block.undo") : t("block.button")}</button>
      <span role="status">{status}</span>
    </span>
  );
}
