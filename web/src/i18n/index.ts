import { en, type MessageKey } from "./en";

// A translation holds the keys of en.ts, each also with the plural forms its language needs.
// Declared with this type (`export const xx: Catalogue = {…}`), a misspelt key does not compile.
type PluralForm = "zero" | "one" | "two" | "few" | "many";
export type Catalogue = Partial<Record<MessageKey | `${MessageKey}.${PluralForm}`, string>>;
const catalogues: Record<string, Catalogue> = { en };
const language = (navigator.language || "en").split("-")[0];
const activeLanguage = catalogues[language] ? language : "en";
const active: Catalogue = catalogues[activeLanguage];
const pluralRules = { active: new Intl.PluralRules(activeLanguage), en: new Intl.PluralRules("en") };

// Counts: a message's key is its general ("other") form, and `key.one` (or `.zero`, `.two`,
// `.few`, `.many`, as the language needs: Intl.PluralRules' categories) the form for the
// counts of that category, picked by the number `values.count`.
function lookup(catalogue: Catalogue, key: MessageKey, count: unknown, rules: Intl.PluralRules): string | undefined {
  if (typeof count === "number") {
    const category = rules.select(count);
    const form = category === "other" ? undefined : catalogue[`${key}.${category}`];
    if (form !== undefined) return form;
  }
  return catalogue[key];
}

// The text for `key` in the reader's language (English when untranslated), with {name}s filled.
// `values.count`, a number, picks the plural form; `format` shows it (e.g. `compact`).
export function t(key: MessageKey, values: Record<string, string | number> = {}, format?: (n: number) => string): string {
  const count = values.count;
  const text = lookup(active, key, count, pluralRules.active) ?? lookup(en, key, count, pluralRules.en) ?? key;
  const shown = typeof count === "number" && format ? { ...values, count: format(count) } : values;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(shown[name] ?? `{${name}}`));
}

const numbers = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
export const compact = (n: number) => numbers.format(n);

// A size in bytes (or bytes per second) in decimal units: "640 kB", "12.5 MB", "1.2 GB";
// anything under a kilobyte but nothing shows as 1 kB.
const byteUnits = [
  new Intl.NumberFormat(undefined, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 }),
  new Intl.NumberFormat(undefined, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }),
  new Intl.NumberFormat(undefined, { style: "unit", unit: "gigabyte", maximumFractionDigits: 1 }),
];
export function bytes(n: number): string {
  let value = Math.max(0, n) / 1000;
  let unit = 0;
  while (value >= 999.5 && unit < byteUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  return byteUnits[unit].format(unit === 0 && n > 0 ? Math.max(1, value) : value);
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const mm = h ? String(m).padStart(2, "0") : String(m);
  return `${h ? `${h}:` : ""}${mm}:${String(sec).padStart(2, "0")}`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
export function ago(iso: string): string {
  const seconds = (Date.parse(iso) - Date.now()) / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60]];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  return relative.format(Math.round(seconds), "second");
}
