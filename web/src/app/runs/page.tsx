import { Suspense } from "react";
import { RunsPage } from "@/features/runs/RunsPage";

export const metadata = { title: "Runs · Weir" };

export default function Page() {
  return (
    <Suspense>
      <RunsPage />
    </Suspense>
  );
}
