// The first run: create the site's admin with the one-time setup code the server printed in
// its log (POST /api/setup/admin). The log's link carries the code in the fragment (#code=…).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { navigate } from "../lib/router";
import { loadMe } from "../lib/session";
import { reconnectRealtime } from "../lib/realtime";
import { t } from "../i18n";
import { Field, FormError } from "./Auth";

export function Setup() {
  const [state, setState] = useState<{ admin_needed: boolean } | null>(null);
  const [email, setEmail] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState(() => new URLSearchParams(location.hash.slice(1)).get("code") ?? "");
  const [error, setError] = useState("");
  useEffect(() => {
    api<{ admin_needed: boolean }>("/api/setup").then(setState).catch((e) => setError(String(e)));
  }, []);
  return (
    <main id="main" class="page narrow">
      <h1>{t("setup.title")}</h1>
      {state && !state.admin_needed && <p>{t("setup.done")} <a href="/signin">{t("nav.signIn")}</a></p>}
      {state?.admin_needed && (
        <form onSubmit={async (e) => {
          e.preventDefault();
          setError("");
          try {
            await api("/api/setup/admin", { method: "POST", body: { email, username, password, code } });
            await loadMe();
            reconnectRealtime();
            navigate("/studio");
          } catch (err) {
            setError(err instanceof ApiError ? err.message : String(err));
          }
        }}>
          <p>{t("setup.intro")}</p>
          <Field label={t("auth.email")} name="email" type="email" value={email} onInput={setEmail} autocomplete="email" />
          <Field label={t("auth.username")} name="username" value={username} onInput={setUsername} autocomplete="username" />
          <Field label={t("auth.password")} name="password" type="password" value={password} onInput={setPassword} autocomplete="new-password" minLength={8} />
          <Field label={t("setup.code")} name="code" value={code} onInput={setCode} autocomplete="off" />
          <FormError error={error} />
          <button type="submit" class="primary">{t("setup.create")}</button>
        </form>
      )}
      <FormError error={state ? "" : error} />
    </main>
  );
}
