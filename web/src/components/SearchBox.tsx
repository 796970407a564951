// The search field with suggestions as you type (GET /api/search/suggest), a combobox.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, query } from "../lib/api";
import { navigate, currentLocation } from "../lib/router";
import { t } from "../i18n";

export function SearchBox() {
  const [text, setText] = useState(currentLocation.value.query.get("q") ?? "");
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [active, setActive] = useState(-1);
  const timer = useRef<number>();

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
    if (q.trim()) navigate(`/search${query({ q })}`);
  };

  return (
    <form class="search" role="search" onSubmit={(e) => (e.preventDefault(), go(active >= 0 ? suggestions[active] : text))}>
      <input
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
          else if (e.key === "Escape") setSuggestions([]);
          else return;
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
  );
}
