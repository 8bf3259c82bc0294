"use client";
import { useState } from "react";
import { readApiToken, saveApiToken } from "@/graphql/apiToken";

/** Asks for an API token when the API refuses the request; saving reloads with it. */
export function TokenForm() {
  const [token, setToken] = useState("");
  const had = readApiToken();
  return (
    <form
      className="row"
      style={{ marginTop: 8 }}
      onSubmit={(e) => {
        e.preventDefault();
        saveApiToken(token.trim() || null);
        window.location.reload();
      }}
    >
      <input
        className="input"
        type="password"
        placeholder="API token (weir tokens create)"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        style={{ width: 320 }}
        aria-label="API token"
      />
      <button className="btn btn-primary">Use token</button>
      {had && (
        <button
          type="button"
          className="btn"
          onClick={() => {
            saveApiToken(null);
            window.location.reload();
          }}
        >
          Forget saved token
        </button>
      )}
    </form>
  );
}
