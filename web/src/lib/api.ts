// The JSON API, as any third-party front end uses it: same-origin fetch with the session
// cookies (the server checks Origin on every change: docs/security.md, CSRF), one refresh
// of the access cookie when it has expired, and the error envelope turned into ApiError.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }
}

// `raw` sends a body as it is (a file, a text) with its `contentType`, or a form, instead of JSON.
type Options = { method?: string; body?: unknown; raw?: BodyInit; contentType?: string; signal?: AbortSignal; retried?: boolean };

let refreshing: Promise<boolean> | null = null;
// Set while someone is signed in: only then can a 401 mean "the access cookie expired".
export const credentials = { signedIn: false };

export async function refreshSession(): Promise<boolean> {
  refreshing ??= fetch("/api/auth/refresh", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => setTimeout(() => (refreshing = null), 0));
  return refreshing;
}

export async function api<T = unknown>(path: string, options: Options = {}): Promise<T> {
  const init: RequestInit = { method: options.method ?? "GET", signal: options.signal, headers: {} };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  } else if (options.raw !== undefined) {
    init.body = options.raw;
    // A form names its own type (multipart, with its boundary).
    if (!(options.raw instanceof FormData)) {
      (init.headers as Record<string, string>)["Content-Type"] = options.contentType || "application/octet-stream";
    }
  }
  const response = await fetch(path, init);
  if (response.status === 401 && credentials.signedIn && !options.retried && !path.startsWith("/api/auth/")) {
    if (await refreshSession()) return api<T>(path, { ...options, retried: true });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const e = body?.error ?? {};
    throw new ApiError(response.status, e.code ?? "error", e.message ?? response.statusText, e.details ?? {});
  }
  return body as T;
}

export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
