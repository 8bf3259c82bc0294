import { Suspense } from "react";
import { RunPage } from "@/features/run/RunPage";

export const metadata = { title: "Run · Weir" };

export default function Page() {
  return (
    <Suspense>
      <RunPage />
    </Suspense>
  );
}
