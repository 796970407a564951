// Who is signed in, read from GET /api/me; sign-in and sign-up set the HttpOnly cookies.
import { api, credentials, refreshSession } from "./api";
import { Observable } from "./store";

export type Me = {
  id: string;
  username: string;
  display_name: string;
  email: string;
  role: "user" | "creator" | "moderator" | "admin";
  avatar_url?: string;
  is_premium?: boolean;
  unread_notifications?: number;
};

export const me = new Observable<Me | null | undefined>(undefined); // undefined: not known yet
me.subscribe((account) => (credentials.signedIn = !!account));

type BrowserSession = { user: Me | null; refreshable: boolean };

// GET /api/auth/session answers a visitor without an error; an expired access cookie is
// renewed once with the refresh cookie.
export async function loadMe(): Promise<Me | null> {
  let session = await api<BrowserSession>("/api/auth/session");
  if (!session.user && session.refreshable && (await refreshSession())) session = await api<BrowserSession>("/api/auth/session");
  me.set(session.user);
  return session.user;
}

// `totp`: the authenticator's code or a recovery code, once the server asked for it (401
// totp_required).
export async function signIn(login: string, password: string, totp?: string) {
  const body: Record<string, string> = { login, password };
  if (totp) body.totp = totp;
  const session = await api<{ user: Me }>("/api/auth/login", { method: "POST", body });
  await loadMe().catch(() => me.set(session.user));
}

export async function signUp(email: string, username: string, password: string) {
  await api("/api/auth/register", { method: "POST", body: { email, username, password } });
  await loadMe();
}

export async function signOut() {
  await api("/api/auth/logout", { method: "POST", body: {} });
  me.set(null);
}
