"use client";
// Creates the API clients once, in the browser, and tracks the websocket's state for the UI.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { Provider } from "urql";
import type { Client as WsClient } from "graphql-ws";
import { createWeirClients, type WeirClients } from "./weirClient";

export type SocketState = "connecting" | "connected" | "reconnecting";

const WsContext = createContext<WsClient | null>(null);
const SocketStateContext = createContext<SocketState>("connecting");

export function WeirProvider({ children, fallback }: { children: ReactNode; fallback?: ReactNode }) {
  const [clients, setClients] = useState<WeirClients | null>(null);
  const [socketState, setSocketState] = useState<SocketState>("connecting");

  useEffect(() => {
    const created = createWeirClients();
    setClients(created);
    const offs = [
      created.ws.on("connected", () => setSocketState("connected")),
      // A lazy client closes its socket normally (1000) when nothing is subscribed: that is not a loss.
      created.ws.on("closed", (event) => {
        const code = (event as { code?: number } | undefined)?.code;
        setSocketState((s) => (code === 1000 ? "connected" : s === "connecting" ? s : "reconnecting"));
      }),
    ];
    return () => {
      offs.forEach((off) => off());
      void created.ws.dispose();
    };
  }, []);

  if (!clients) return <>{fallback}</>;
  return (
    <Provider value={clients.urql}>
      <WsContext.Provider value={clients.ws}>
        <SocketStateContext.Provider value={socketState}>{children}</SocketStateContext.Provider>
      </WsContext.Provider>
    </Provider>
  );
}

export function useWsClient(): WsClient {
  const client = useContext(WsContext);
  if (!client) throw new Error("useWsClient outside WeirProvider");
  return client;
}

export function useSocketState(): SocketState {
  return useContext(SocketStateContext);
}
