import { AutomationPage } from "@/features/automation/AutomationPage";

export const metadata = { title: "Schedules & sensors · Weir" };

export default function Page() {
  return <AutomationPage />;
}
