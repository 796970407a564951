import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { navigate, safeNext } from "../lib/router";
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
  navigate(safeNext(next));
}

// Sign in: login and password, then, for an account with two-factor sign-in on (401
// totp_required), the authenticator's code or a recovery code (401 totp_invalid when wrong).
export function SignIn({ query }: { query: URLSearchParams }) {
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  // Focused as the step appears (not a frame later, when the reader may already be typing).
  useLayoutEffect(() => { if (needCode) codeInput.current?.focus(); }, [needCode]);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError("");
    setBusy(true);
    try {
      await signIn(login, password, needCode ? code.trim() : undefined);
      afterSignIn(query.get("next"));
    } catch (err) {
      if (err instanceof ApiError && err.code === "totp_required") {
        setNeedCode(true);
      } else if (err instanceof ApiError && err.code === "totp_invalid") {
        setCode("");
        setError(t("auth.codeWrong"));
        codeInput.current?.focus();
      } else {
        setError(err instanceof ApiError ? err.message : String(err));
      }
    } finally {
      setBusy(false);
    }
  };
  if (needCode) {
    return (
      <main id="main" class="page narrow">
        <h1>{t("auth.codeTitle")}</h1>
        <p id="code-help">{t("auth.codeHelp")}</p>
        <form onSubmit={submit}>
          <label class="field">
            <span>{t("auth.code")}</span>
            <input ref={codeInput} name="totp" value={code} required autocomplete="one-time-code" spellcheck={false}
              autocapitalize="off" maxLength={64} aria-describedby="code-help"
              onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
          </label>
          <FormError error={error} />
          <div class="inline">
            <button type="submit" class="primary" disabled={busy}>{t("auth.verify")}</button>
            <button type="button" onClick={() => { setNeedCode(false); setCode(""); setPassword(""); setError(""); }}>{t("auth.startAgain")}</button>
          </div>
        </form>
      </main>
    );
  }
  return (
    <main id="main" class="page narrow">
      <h1>{t("auth.signIn")}</h1>
      <form onSubmit={submit}>
        <Field label={t("auth.login")} name="login" value={login} onInput={setLogin} autocomplete="username" />
        <Field label={t("auth.password")} name="password" type="password" value={password} onInput={setPassword} autocomplete="current-password" />
        <FormError error={error} />
        <button type="submit" class="primary" disabled={busy}>{t("auth.signIn")}</button>
      </form>
      <p>{t("auth.noAccount")} <a href="/signup">{t("nav.signUp")}</a></p>
    </main>
  );
}

// Sign up; a referral link (/signup?ref=CODE) fills in the code of whoever shared it, which is
// named for the new account right after (POST /api/me/referral, docs/billing.md#referrals).
export function SignUp({ query }: { query: URLSearchParams }) {
  const [email, setEmail] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [referral, setReferral] = useState(query.get("ref") ?? "");
  const [error, setError] = useState("");
  const [referralError, setReferralError] = useState("");
  const invited = !!query.get("ref");
  if (referralError) {
    return (
      <main id="main" class="page narrow">
        <h1>{t("auth.signedUp")}</h1>
        <p role="alert" class="error">{referralError}</p>
        <p class="muted">{t("auth.referralLater")}</p>
        <button type="button" class="primary" onClick={() => afterSignIn(query.get("next"))}>{t("auth.continue")}</button>
      </main>
    );
  }
  return (
    <main id="main" class="page narrow">
      <h1>{t("auth.signUp")}</h1>
      {invited && <p class="notice-inline">{t("auth.invited")}</p>}
      <form onSubmit={async (e) => {
        e.preventDefault();
        setError("");
        try {
          await signUp(email, username, password);
        } catch (err) {
          return setError(err instanceof ApiError ? err.message : String(err));
        }
        const code = referral.replace(/\s+/g, "");
        if (code) {
          try {
            await api("/api/me/referral", { method: "POST", body: { code } });
          } catch (err) {
            return setReferralError(t("auth.referralRefused", {
              message: err instanceof ApiError && err.status === 404 ? t("referral.unknownCode") : err instanceof Error ? err.message : String(err),
            }));
          }
        }
        afterSignIn(query.get("next"));
      }}>
        <Field label={t("auth.email")} name="email" type="email" value={email} onInput={setEmail} autocomplete="email" />
        <Field label={t("auth.username")} name="username" value={username} onInput={setUsername} autocomplete="username" />
        <Field label={t("auth.password")} name="password" type="password" value={password} onInput={setPassword} autocomplete="new-password" minLength={8} />
        <Field label={t("auth.referralCode")} name="referral" value={referral} onInput={setReferral} autocomplete="off" required={false} />
        <FormError error={error} />
        <button type="submit" class="primary">{t("auth.signUp")}</button>
      </form>
      <p>{t("auth.haveAccount")} <a href="/signin">{t("nav.signIn")}</a></p>
    </main>
  );
}
