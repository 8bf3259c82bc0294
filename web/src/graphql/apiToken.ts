// The API token this browser sends (when the API requires one), kept in localStorage.
const KEY = "weir.apiToken";

export function readApiToken(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveApiToken(token: string | null): void {
  if (token) window.localStorage.setItem(KEY, token);
  else window.localStorage.removeItem(KEY);
}

export function looksUnauthorized(message: string): boolean {
  return /unauthori[sz]ed|unauthenticated|api token|bearer|not authenticated|forbidden/i.test(message);
}
