// The API token this browser sends (when the API requires one), kept in localStorage.
/** Where the token lives in localStorage (the run page's inline preload script reads it there too). */
export const API_TOKEN_STORAGE_KEY = "weir.apiToken";

export function readApiToken(): string | null {
  try {
    return window.localStorage.getItem(API_TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function saveApiToken(token: string | null): void {
  if (token) window.localStorage.setItem(API_TOKEN_STORAGE_KEY, token);
  else window.localStorage.removeItem(API_TOKEN_STORAGE_KEY);
}

export function looksUnauthorized(message: string): boolean {
  return /unauthori[sz]ed|unauthenticated|api token|bearer|not authenticated|forbidden/i.test(message);
}
