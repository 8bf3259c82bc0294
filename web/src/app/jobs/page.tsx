import { JobsPage } from "@/features/jobs/JobsPage";

export const metadata = { title: "Jobs · Weir" };

export default function Page() {
  return <JobsPage />;
}
