// Referrals and buying credits (docs/billing.md): the account's referral link and what it
// brought; the credit packs on sale, bought through the payment provider's checkout page
// (POST /api/billing/checkout answers where to go; the provider's webhook credits the
// account, never this page); the account's payments. /studio/credits, where the provider
// sends the buyer back (?checkout=success|cancelled), waits for the payment to be confirmed.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../lib/api";
import { me } from "../lib/session";
import { useObservable } from "../lib/store";
import { FormError } from "./Auth";
import { copyText } from "../lib/clipboard";
import { Loading, SignInFirst, messageOf, when } from "../components/Gate";
import { t } from "../i18n";
import type { MessageKey } from "../i18n/en";

type ReferralSummary = { code: string; referred: number; rewarded: number; reward: number; earned: number; referred_by: string | null };
export type CreditPack = { id: string; name: string; credits: number; amount_cents: number; currency: string; active: boolean; created_at: string; updated_at: string };
type Payment = {
  id: string; pack_id: string | null; provider: string; credits: number; amount_cents: number; currency: string;
  credits_reversed: number; status: "pending" | "paid" | "refunded" | "disputed"; created_at: string; updated_at: string;
};

// The currency's format in the reader's way of writing money; null for a malformed code.
const currencyFormats = new Map<string, Intl.NumberFormat | null>();
function currencyFormat(currency: string): Intl.NumberFormat | null {
  const code = currency.toUpperCase();
  if (!currencyFormats.has(code)) {
    let format: Intl.NumberFormat | null = null;
    try {
      format = new Intl.NumberFormat(undefined, { style: "currency", currency: code });
    } catch {
      // not a currency code: shown as a plain number and the code
    }
    currencyFormats.set(code, format);
  }
  return currencyFormats.get(code) ?? null;
}

// How many minor units a currency's major unit has (100 for USD and EUR, 1 for JPY), as Intl
// knows the currency's digits.
export function minorUnits(currency: string): number {
  return 10 ** (currencyFormat(currency)?.resolvedOptions().maximumFractionDigits ?? 2);
}

// An amount in the currency's smallest unit (cents; yen have none), as the reader writes money.
export function money(minor: number, currency: string): string {
  const format = currencyFormat(currency);
  const digits = format?.resolvedOptions().maximumFractionDigits ?? 2;
  const major = minor / 10 ** digits;
  return format ? format.format(major) : `${major.toFixed(digits)} ${currency.toUpperCase()}`;
}

// ---- Referrals ----

export function Referral() {
  const [summary, setSummary] = useState<ReferralSummary | null>(null);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const [code, setCode] = useState("");
  const [redeemError, setRedeemError] = useState("");
  useEffect(() => {
    api<ReferralSummary>("/api/me/referral").then(setSummary).catch((e) => setError(messageOf(e)));
  }, []);
  const link = summary ? `${location.origin}/signup?ref=${encodeURIComponent(summary.code)}` : "";
  return (
    <section aria-labelledby="referral-title" class="panel">
      <h2 id="referral-title">{t("referral.title")}</h2>
      {!summary && !error && <p class="muted">{t("common.loading")}</p>}
      <FormError error={error} />
      {summary && (
        <>
          <p>{t("referral.intro", { count: summary.reward })}</p>
          <label class="field">
            <span>{t("referral.link")}</span>
            <input name="referral_link" value={link} readOnly spellcheck={false} data-testid="referral-link"
              onFocus={(e) => (e.target as HTMLInputElement).select()} />
          </label>
          <div class="inline">
            <button type="button" onClick={async () => setStatus(await copyText(link) ? t("referral.copied") : t("twofa.copyManually"))}>{t("referral.copy")}</button>
            <span>{t("referral.code")} <code class="secret" data-testid="referral-code">{summary.code}</code></span>
            <span role="status">{status}</span>
          </div>
          <dl class="facts referral-facts">
            <dt>{t("referral.referred")}</dt><dd data-testid="referral-referred">{summary.referred}</dd>
            <dt>{t("referral.rewarded")}</dt><dd data-testid="referral-rewarded">{summary.rewarded}</dd>
            <dt>{t("referral.earned")}</dt><dd data-testid="referral-earned">{t("referral.credits", { count: summary.earned })}</dd>
          </dl>
          <h3>{t("referral.byTitle")}</h3>
          {summary.referred_by ? (
            <p>{t("referral.by")} <a href={`/c/${encodeURIComponent(summary.referred_by)}`}>@{summary.referred_by}</a></p>
          ) : (
            <form class="inline" onSubmit={async (e) => {
              e.preventDefault();
              setRedeemError("");
              try {
                setSummary(await api<ReferralSummary>("/api/me/referral", { method: "POST", body: { code: code.replace(/\s+/g, "") } }));
                setStatus(t("referral.redeemed"));
              } catch (err) {
                setRedeemError(err instanceof ApiError && err.status === 404 ? t("referral.unknownCode")
                  : err instanceof ApiError && err.status === 409 ? t("referral.tooLate") : messageOf(err));
              }
            }}>
              <label class="field grow">
                <span>{t("referral.enterCode")}</span>
                <input name="referral_code" value={code} required spellcheck={false} autocomplete="off" autocapitalize="characters"
                  onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
              </label>
              <button type="submit">{t("referral.redeem")}</button>
            </form>
          )}
          <FormError error={redeemError} />
        </>
      )}
    </section>
  );
}

// ---- Buying credits ----

const paymentStatusKey: Record<Payment["status"], MessageKey> = {
  pending: "payments.status.pending", paid: "payments.status.paid", refunded: "payments.status.refunded", disputed: "payments.status.disputed",
};
const CHECKOUT_KEY = "marquee.checkout";

// The provider's checkout page: https, or http to this machine only (a local test double).
export function checkoutUrlAllowed(url: URL): boolean {
  return url.protocol === "https:" ||
    (url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname));
}

// The return handled: ?checkout= leaves the address, so a reload or a shared link does not
// announce it again (the router's own location is left alone: the page stays as it is).
function dropCheckoutParam() {
  const url = new URL(location.href);
  if (!url.searchParams.has("checkout")) return;
  url.searchParams.delete("checkout");
  history.replaceState(history.state, "", url.pathname + url.search + url.hash);
}

// The packs on sale with a Buy button each, what the provider's return says, and the
// payments. `checkout` is the return's ?checkout= (success or cancelled); `onPaid` runs when
// the payment this tab went to pay (its id kept in sessionStorage) is confirmed (the balance
// shown elsewhere is read again).
export function BuyCredits({ checkout, onPaid }: { checkout?: string | null; onPaid?: () => void }) {
  const [packs, setPacks] = useState<CreditPack[] | null>(null);
  const [payments, setPayments] = useState<Payment[] | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState("");
  const loadPayments = () => api<{ items: Payment[] }>("/api/billing/payments").then((r) => { setPayments(r.items); return r.items; });
  // Back from the provider through the back/forward cache: the page is as it was left, busy.
  useEffect(() => {
    const shown = (e: PageTransitionEvent) => {
      if (!e.persisted) return;
      setBusy("");
      setNotice((n) => (n === t("buy.redirecting") ? "" : n));
    };
    window.addEventListener("pageshow", shown);
    return () => window.removeEventListener("pageshow", shown);
  }, []);
  useEffect(() => {
    api<{ items: CreditPack[] }>("/api/billing/packs").then((r) => setPacks(r.items)).catch((e) => setError(messageOf(e)));
    loadPayments().catch((e) => setError(messageOf(e)));
    if (checkout !== "success") {
      if (checkout === "cancelled") {
        sessionStorage.removeItem(CHECKOUT_KEY);
        setNotice(t("buy.cancelled"));
        dropCheckoutParam();
      }
      return;
    }
    // Back from the provider: the webhook credits the account, usually within seconds. Only
    // the payment this tab went to pay is waited for: without one (a link, another tab),
    // nothing is claimed.
    const wanted = sessionStorage.getItem(CHECKOUT_KEY);
    if (!wanted) {
      setNotice(t("buy.returned"));
      dropCheckoutParam();
      return;
    }
    let stopped = false;
    let timer = 0;
    let tries = 0;
    setNotice(t("buy.confirming"));
    const finish = (message: string) => {
      sessionStorage.removeItem(CHECKOUT_KEY);
      setNotice(message);
      dropCheckoutParam();
    };
    const poll = async () => {
      try {
        const payment = await api<Payment>(`/api/billing/payments/${encodeURIComponent(wanted)}`);
        if (stopped) return;
        setPayments((list) => list && list.map((p) => (p.id === payment.id ? payment : p)));
        if (payment.status === "paid") {
          finish(t("buy.paid", { count: payment.credits }));
          loadPayments().catch(() => {});
          onPaid?.();
          return;
        }
        if (payment.status !== "pending") return finish(t(paymentStatusKey[payment.status]));
      } catch (e) {
        if (stopped) return;
        // Not this account's payment (signed in as someone else since): nothing to wait for.
        if (e instanceof ApiError && e.status === 404) return finish(t("buy.returned"));
        setError(messageOf(e));
      }
      if (++tries >= 45) {
        setNotice(t("buy.stillPending"));
        dropCheckoutParam();
        return;
      }
      timer = window.setTimeout(poll, 2000);
    };
    void poll();
    return () => { stopped = true; clearTimeout(timer); };
  }, [checkout]);
  const packName = (id: string | null) => packs?.find((p) => p.id === id)?.name ?? "";
  return (
    <section aria-labelledby="buy-title" class="panel">
      <h2 id="buy-title">{t("buy.title")}</h2>
      {notice && <p class="notice-inline" role="status" data-testid="checkout-notice">{notice}</p>}
      <p class="muted">{t("buy.intro")}</p>
      {!packs && !error && <p class="muted">{t("common.loading")}</p>}
      {packs && packs.length === 0 && <p>{t("buy.none")}</p>}
      {packs && packs.length > 0 && (
        <ul class="plain packs">
          {packs.map((p) => (
            <li key={p.id} class="pack" data-pack={p.id}>
              <div>
                <strong>{p.name}</strong><br />
                <span>{t("buy.packCredits", { count: p.credits })}</span> · <span>{money(p.amount_cents, p.currency)}</span>
              </div>
              <button type="button" class="primary" disabled={!!busy}
                aria-label={t("buy.buyLabel", { name: p.name, count: p.credits, price: money(p.amount_cents, p.currency) })}
                onClick={async () => {
                  setError(""); setNotice("");
                  setBusy(p.id);
                  try {
                    const r = await api<{ payment: Payment; checkout_url: string }>("/api/billing/checkout", { method: "POST", body: { pack_id: p.id } });
                    const url = new URL(r.checkout_url, location.href);
                    if (!checkoutUrlAllowed(url)) throw new Error(t("buy.badUrl"));
                    sessionStorage.setItem(CHECKOUT_KEY, r.payment.id);
                    setNotice(t("buy.redirecting"));
                    location.assign(url.href);
                  } catch (e) {
                    setBusy("");
                    setError(e instanceof ApiError && e.status === 503 ? t("buy.unavailable") : messageOf(e));
                  }
                }}>{busy === p.id ? t("buy.going") : t("buy.buy")}</button>
            </li>
          ))}
        </ul>
      )}
      <FormError error={error} />
      <h3>{t("payments.title")}</h3>
      {payments && payments.length === 0 && <p class="muted">{t("payments.empty")}</p>}
      {payments && payments.length > 0 && (
        <div class="table-wrap" role="region" aria-label={t("payments.title")} tabIndex={0}>
          <table class="table payments">
            <thead>
              <tr>
                <th scope="col">{t("credits.date")}</th><th scope="col">{t("payments.pack")}</th>
                <th scope="col" class="num">{t("credits.amount")}</th><th scope="col" class="num">{t("payments.price")}</th>
                <th scope="col">{t("payments.status")}</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <tr key={p.id} data-payment={p.id}>
                  <td>{when(p.created_at)}</td>
                  <td>{packName(p.pack_id)}</td>
                  <td class="num">{p.credits_reversed > 0 ? t("payments.reversed", { credits: p.credits, reversed: p.credits_reversed }) : p.credits}</td>
                  <td class="num">{money(p.amount_cents, p.currency)}</td>
                  <td><span class={`state state-${p.status === "paid" ? "succeeded" : p.status === "pending" ? "queued" : "dead"}`}>{t(paymentStatusKey[p.status])}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// /studio/credits: where the payment provider sends the buyer back.
export function CreditsPage({ query }: { query: URLSearchParams }) {
  const account = useObservable(me);
  const [balance, setBalance] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!account) return;
    api<{ balance: number }>("/api/me/credits?limit=1").then((r) => setBalance(r.balance)).catch(() => {});
  }, [account?.id, version]);
  if (account === null) return <SignInFirst next={`/studio/credits${query.toString() ? `?${query}` : ""}`} />;
  if (!account) return <Loading />;
  return (
    <main id="main" class="page account narrow-wide">
      <h1>{t("buy.pageTitle")}</h1>
      {balance !== null && (
        <p class="stat"><span class="muted">{t("credits.balance")}</span> <strong data-testid="credit-balance">{balance}</strong></p>
      )}
      <div class="panels">
        <BuyCredits checkout={query.get("checkout")} onPaid={() => setVersion((n) => n + 1)} />
      </div>
      <p><a href="/account">{t("buy.history")}</a></p>
    </main>
  );
}
