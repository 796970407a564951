import { useState } from "preact/hooks";
import { ApiError } from "../lib/api";
import { navigate } from "../lib/router";
import { signIn, signUp } from "../lib/session";
import { reconnectRealtime } from "../lib/realtime";
import { t } from "../i18n";

export function Field(props: { label: string; name: string; type?: string; value: string; onInput: (v: string) => void; autocomplete?: string; required?: boolean; minLength?: number }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input name={props.name} type={props.type ?? "text"} value={props.value} required={props.required ?? true}
        autocomplete={props.autocomplete} minLength={props.minLength}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)} />
    </label>
  );
}

export function FormError({ error }: { error: string }) {
  return error ? <p role="alert" class="error">{error}</p> : null;
}

function afterSignIn(next: string | null) {
  reconnectRealtime();
  navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
}

export function SignIn({ query }: { query: URLSearchParams }) {
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  return (
    <main id="main" class="page narrow">
      <h1>{t("auth.signIn")}</h1>
      <form onSubmit={async (e) => {
        e.preventDefault();
        setError("");
        try {
          await signIn(login, password);
          afterSignIn(query.get("next"));
        } catch (err) {
          setError(err instanceof ApiError ? err.message : String(err));
        }
      }}>
        <Field label={t("auth.login")} name="login" value={login} onInput={setLogin} autocomplete="username" />
        <Field label={t("auth.password")} name="password" type="password" value={password} onInput={setPassword} autocomplete="current-password" />
        <FormError error={error} />
        <button type="submit" class="primary">{t("auth.signIn")}</button>
      </form>
      <p>{t("auth.noAccount")} <a href="/signup">{t("nav.signUp")}</a></p>
    </main>
  );
}

export function SignUp({ query }: { query: URLSearchParams }) {
  const [email, setEmail] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  return (
    <main id="main" class="page narrow">
      <h1>{t("auth.signUp")}</h1>
      <form onSubmit={async (e) => {
        e.preventDefault();
        setError("");
        try {
          await signUp(email, username, password);
          afterSignIn(query.get("next"));
        } catch (err) {
          setError(err instanceof ApiError ? err.message : String(err));
        }
      }}>
        <Field label={t("auth.email")} name="email" type="email" value={email} onInput={setEmail} autocomplete="email" />
        <Field label={t("auth.username")} name="username" value={username} onInput={setUsername} autocomplete="username" />
        <Field label={t("auth.password")} name="password" type="password" value={password} onInput={setPassword} autocomplete="new-password" minLength={8} />
        <FormError error={error} />
        <button type="submit" class="primary">{t("auth.signUp")}</button>
      </form>
      <p>{t("auth.haveAccount")} <a href="/signin">{t("nav.signIn")}</a></p>
    </main>
  );
}
