// Light or dark: the reader's system preference until they choose, then their choice.
import { Observable } from "./store";

export type Theme = "light" | "dark";
const stored = localStorage.getItem("theme") as Theme | null;
const system: Theme = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
export const theme = new Observable<Theme>(stored ?? system);

function apply(value: Theme) {
  document.documentElement.dataset.theme = value;
}
apply(theme.value);
theme.subscribe(apply);

export function toggleTheme() {
  const next: Theme = theme.value === "dark" ? "light" : "dark";
  localStorage.setItem("theme", next);
  theme.set(next);
}
