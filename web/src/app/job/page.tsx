import { Suspense } from "react";
import { JobPage } from "@/features/jobs/JobPage";

export const metadata = { title: "Job · Weir" };

export default function Page() {
  return (
    <Suspense>
      <JobPage />
    </Suspense>
  );
}
