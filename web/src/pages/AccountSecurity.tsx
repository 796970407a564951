// Two-factor sign-in on /account (docs/api.md#authentication): turned on with a TOTP secret
// (shown grouped, copyable, and as an otpauth:// link for an authenticator app on this
// device), confirmed with the password and a code, which answers ten recovery codes shown
// this once; turned off with the password and a code (or a recovery code).
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { FormError } from "./Auth";
import { messageOf } from "../components/Gate";
import { copyText } from "../lib/clipboard";
import { t } from "../i18n";

type Enrollment = { secret: string; otpauth_uri: string };
type State =
  | { step: "loading" }
  | { step: "off" }
  | { step: "enrolling"; enrollment: Enrollment }
  | { step: "codes"; codes: string[] }
  | { step: "on" };

// "ABCD EFGH IJKL …": a key typed by hand is read in groups of four.
export const groupSecret = (secret: string) => secret.replace(/\s+/g, "").replace(/(.{4})(?=.)/g, "$1 ");

// Copies text, saying so in the status region; without the clipboard API (an insecure
// origin), selects the element's text for a manual copy instead.
function useCopy() {
  const [copied, setCopied] = useState("");
  const copy = async (text: string, done: string, select?: HTMLElement | null) =>
    setCopied(await copyText(text, select) ? done : t("twofa.copyManually"));
  return { copied, setCopied, copy };
}

function CodeInput({ label, value, onInput, name, describedBy }: { label: string; value: string; onInput: (v: string) => void; name: string; describedBy?: string }) {
  return (
    <label class="field">
      <span>{label}</span>
      <input name={name} value={value} required autocomplete="one-time-code" spellcheck={false} autocapitalize="off" maxLength={64}
        aria-describedby={describedBy} onInput={(e) => onInput((e.target as HTMLInputElement).value)} />
    </label>
  );
}

function PasswordInput({ value, onInput, name }: { value: string; onInput: (v: string) => void; name: string }) {
  return (
    <label class="field">
      <span>{t("twofa.password")}</span>
      <input name={name} type="password" value={value} required autocomplete="current-password"
        onInput={(e) => onInput((e.target as HTMLInputElement).value)} />
    </label>
  );
}

function Enrol({ enrollment, onDone, onCancel }: { enrollment: Enrollment; onDone: (codes: string[]) => void; onCancel: () => void }) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState("");
  const { copied, copy } = useCopy();
  const keyRef = useRef<HTMLElement>(null);
  const grouped = groupSecret(enrollment.secret);
  const uri = enrollment.otpauth_uri.startsWith("otpauth://") ? enrollment.otpauth_uri : "";
  return (
    <div class="twofa-enrol">
      <ol class="steps">
        <li>
          <p>{t("twofa.step1")}</p>
          <p class="secret-row">
            <span class="muted">{t("twofa.key")}</span>{" "}
            <code ref={keyRef} class="secret" data-testid="totp-secret">{grouped}</code>
          </p>
          <div class="inline">
            <button type="button" onClick={() => copy(enrollment.secret, t("twofa.keyCopied"), keyRef.current)}>{t("twofa.copyKey")}</button>
            {uri && <a class="button" href={uri}>{t("twofa.openApp")}</a>}
            <span role="status">{copied}</span>
          </div>
          <p class="muted small">{t("twofa.keyHelp")}</p>
        </li>
        <li>
          <p id="twofa-code-help">{t("twofa.step2")}</p>
          <form onSubmit={async (e) => {
            e.preventDefault();
            setError("");
            try {
              const r = await api<{ two_factor: boolean; recovery_codes: string[] }>("/api/me/2fa/totp/confirm", {
                method: "POST", body: { password, code: code.replace(/\s+/g, "") },
              });
              onDone(r.recovery_codes);
            } catch (err) {
              if (err instanceof ApiError && err.code === "totp_invalid") setError(t("twofa.codeNoMatch"));
              else if (err instanceof ApiError && (err.status === 403 || err.details.field === "password")) setError(t("account.passwordWrong"));
              else setError(messageOf(err));
            }
          }}>
            <CodeInput label={t("twofa.code")} name="code" value={code} onInput={setCode} describedBy="twofa-code-help" />
            <PasswordInput name="password" value={password} onInput={setPassword} />
            <FormError error={error} />
            <div class="inline">
              <button type="submit" class="primary">{t("twofa.turnOn")}</button>
              <button type="button" onClick={onCancel}>{t("common.cancel")}</button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}

function RecoveryCodes({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  const { copied, copy } = useCopy();
  const listRef = useRef<HTMLOListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [download, setDownload] = useState("");
  useEffect(() => {
    headingRef.current?.focus();
    const url = URL.createObjectURL(new Blob([`${t("twofa.fileHeader", { site: location.host })}\n\n${codes.join("\n")}\n`], { type: "text/plain" }));
    setDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [codes]);
  return (
    <div class="recovery">
      <h3 ref={headingRef} tabIndex={-1}>{t("twofa.codesTitle")}</h3>
      <p class="notice-inline"><strong>{t("twofa.codesSave")}</strong> {t("twofa.codesHelp")}</p>
      <ol ref={listRef} class="recovery-codes" aria-label={t("twofa.codesTitle")}>
        {codes.map((c) => <li key={c} class="mono">{c}</li>)}
      </ol>
      <div class="inline">
        <button type="button" onClick={() => copy(codes.join("\n"), t("twofa.codesCopied"), listRef.current)}>{t("twofa.copyCodes")}</button>
        {download && <a class="button" href={download} download="marquee-recovery-codes.txt">{t("twofa.downloadCodes")}</a>}
        <button type="button" class="primary" onClick={onSaved}>{t("twofa.codesDone")}</button>
        <span role="status">{copied}</span>
      </div>
    </div>
  );
}

function Disable({ onDone }: { onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState("");
  // Cancel removes the form and its focused button: the focus goes back to the opener.
  const opener = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (!open && refocus.current) {
      refocus.current = false;
      opener.current?.focus();
    }
  }, [open]);
  if (!open) return <button type="button" ref={opener} onClick={() => setOpen(true)}>{t("twofa.turnOffOpen")}</button>;
  return (
    <form onSubmit={async (e) => {
      e.preventDefault();
      setError("");
      try {
        await api("/api/me/2fa/totp", { method: "DELETE", body: { password, totp: code.trim() } });
        onDone();
      } catch (err) {
        if (err instanceof ApiError && err.code === "totp_invalid") setError(t("auth.codeWrong"));
        else if (err instanceof ApiError && err.status === 403) setError(t("account.passwordWrong"));
        else setError(messageOf(err));
      }
    }}>
      <p id="twofa-off-help" class="muted">{t("twofa.turnOffHelp")}</p>
      <PasswordInput name="off_password" value={password} onInput={setPassword} />
      <CodeInput label={t("auth.code")} name="off_code" value={code} onInput={setCode} describedBy="twofa-off-help" />
      <FormError error={error} />
      <div class="inline">
        <button type="submit" class="danger-solid">{t("twofa.turnOff")}</button>
        <button type="button" onClick={() => { refocus.current = true; setOpen(false); setPassword(""); setCode(""); setError(""); }}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

export function TwoFactor() {
  const [state, setState] = useState<State>({ step: "loading" });
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  // A step that removes the focused control (I have saved them, Cancel, turning it off)
  // moves the focus to the panel's heading, so it is not lost to the page.
  const heading = useRef<HTMLHeadingElement>(null);
  const refocus = useRef(false);
  const moveTo = (next: State) => { refocus.current = true; setState(next); };
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    heading.current?.focus();
  }, [state]);
  useEffect(() => {
    api<{ two_factor?: boolean }>("/api/me").then((a) => setState({ step: a.two_factor ? "on" : "off" })).catch((e) => setError(messageOf(e)));
  }, []);
  return (
    <section aria-labelledby="twofa-title" class="panel">
      <h2 id="twofa-title" ref={heading} tabIndex={-1}>{t("twofa.title")}</h2>
      {state.step === "loading" && !error && <p class="muted">{t("common.loading")}</p>}
      {state.step === "off" && (
        <>
          <p>{t("twofa.offIntro")}</p>
          <button type="button" class="primary" onClick={async () => {
            setError(""); setStatus("");
            try {
              setState({ step: "enrolling", enrollment: await api<Enrollment>("/api/me/2fa/totp", { method: "POST", body: {} }) });
            } catch (e) {
              if (e instanceof ApiError && e.status === 409) setState({ step: "on" });
              setError(messageOf(e));
            }
          }}>{t("twofa.setUp")}</button>
        </>
      )}
      {state.step === "enrolling" && (
        <Enrol enrollment={state.enrollment} onCancel={() => moveTo({ step: "off" })}
          onDone={(codes) => setState({ step: "codes", codes })} />
      )}
      {state.step === "codes" && <RecoveryCodes codes={state.codes} onSaved={() => { moveTo({ step: "on" }); setStatus(t("twofa.nowOn")); }} />}
      {state.step === "on" && (
        <>
          <p><span class="tag-pill">{t("twofa.on")}</span> {t("twofa.onIntro")}</p>
          <Disable onDone={() => { moveTo({ step: "off" }); setStatus(t("twofa.nowOff")); }} />
        </>
      )}
      <FormError error={error} />
      <p role="status" class="muted">{status}</p>
    </section>
  );
}
