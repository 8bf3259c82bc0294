import { OverviewPage } from "@/features/overview/OverviewPage";

export default function Page() {
  return <OverviewPage />;
}
