"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { type AddressKind, addressOf } from "./addresses";

/** The run id, asset key or job name this page shows, from its shareable path or the old query form. */
export function useAddress(kind: AddressKind): string {
  return addressOf(kind, usePathname() ?? "", useSearchParams());
}
