// Client-side routes over the History API: links to this origin change the page without a
// reload; the server answers every such path with the same shell (web/WebRoutes.h).
import { Observable } from "./store";

export type Location = { path: string; query: URLSearchParams };

const read = (): Location => ({ path: location.pathname, query: new URLSearchParams(location.search) });
export const currentLocation = new Observable<Location>(read());

export function navigate(to: string, replace = false) {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  currentLocation.set(read());
  window.scrollTo(0, 0);
}

window.addEventListener("popstate", () => currentLocation.set(read()));

// Where a `?next=` may send the reader: a path on this origin (as the browser reads it:
// "/\\evil.com" is another host), else `fallback`.
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next) return fallback;
  try {
    const url = new URL(next, location.origin);
    return url.origin === location.origin ? url.pathname + url.search + url.hash : fallback;
  } catch {
    return fallback;
  }
}

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.("a");
  if (!anchor || anchor.target || anchor.hasAttribute("download")) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

// Matches "/watch/:id" against a path; null when it does not match. A parameter is one path
// segment: decoded, it may not hold a "/", "?", "#", "\\" or be "." or "..", so a crafted link
// cannot make a page call another API path than its own.
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/"), s = path.split("/");
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(":")) {
      let value: string;
      try {
        value = decodeURIComponent(s[i]);
      } catch {
        return null;
      }
      if (!value || /[/?#\\]/.test(value) || value === "." || value === "..") return null;
      params[p[i].slice(1)] = value;
    } else if (p[i] !== s[i]) return null;
  }
  return params;
}
