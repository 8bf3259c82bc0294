import { LocationsPage } from "@/features/locations/LocationsPage";

export const metadata = { title: "Code locations · Weir" };

export default function Page() {
  return <LocationsPage />;
}
