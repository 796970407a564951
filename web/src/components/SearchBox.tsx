// The search field with suggestions as you type (GET /api/search/suggest), a combobox. On a
// phone the header keeps to one row: the field folds into a button that opens it on a row of
// its own (styles.css, .search-toggle), with the focus in it; Escape folds it back.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, query } from "../lib/api";
import { navigate, currentLocation } from "../lib/router";
import { t } from "../i18n";
import { Icon } from "./Icon";

export function SearchBox() {
  const [text, setText] = useState(currentLocation.value.query.get("q") ?? "");
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const timer = useRef<number>();
  const input = useRef<HTMLInputElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  // The toggle is shown only where the field folds (a narrow screen).
  const folds = () => (toggle.current?.getClientRects().length ?? 0) > 0;

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  useEffect(() => {
    window.clearTimeout(timer.current);
    if (!text.trim()) return setSuggestions([]);
    timer.current = window.setTimeout(async () => {
      try {
        const r = await api<{ suggestions: (string | { text: string })[] }>(`/api/search/suggest${query({ q: text })}`);
        setSuggestions(r.suggestions.map((s) => (typeof s === "string" ? s : s.text)).slice(0, 8));
        setActive(-1);
      } catch {
        setSuggestions([]);
      }
    }, 120);
  }, [text]);

  const go = (q: string) => {
    setSuggestions([]);
    if (q.trim()) {
      setOpen(false);
      navigate(`/search${query({ q })}`);
    }
  };

  return (
    <>
    <button type="button" ref={toggle} class="icon search-toggle" aria-label={t("search.show")} aria-expanded={open}
      aria-controls="site-search" onClick={() => setOpen(!open)}>
      <Icon name="search" />
    </button>
    <form id="site-search" class={`search${open ? " open" : ""}`} role="search"
      onSubmit={(e) => (e.preventDefault(), go(active >= 0 ? suggestions[active] : text))}>
      <input
        ref={input}
        type="search"
        aria-label={t("search.label")}
        placeholder={t("search.placeholder")}
        value={text}
        role="combobox"
        aria-expanded={suggestions.length > 0}
        aria-controls="search-suggestions"
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `suggestion-${active}` : undefined}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onBlur={() => setTimeout(() => setSuggestions([]), 150)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, suggestions.length - 1));
          else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, -1));
          else if (e.key === "Escape") {
            if (suggestions.length > 0) setSuggestions([]);
            else if (open && folds()) {
              setOpen(false);
              toggle.current?.focus();
            }
          } else return;
          e.preventDefault();
        }}
      />
      <button type="submit">{t("search.submit")}</button>
      {suggestions.length > 0 && (
        <ul id="search-suggestions" role="listbox" class="suggestions">
          {suggestions.map((s, i) => (
            <li id={`suggestion-${i}`} role="option" aria-selected={i === active} onMouseDown={() => go(s)}>{s}</li>
          ))}
        </ul>
      )}
    </form>
    </>
  );
}
