import { Suspense } from "react";
import { AssetPage } from "@/features/assets/AssetPage";

export const metadata = { title: "Asset · Weir" };

export default function Page() {
  return (
    <Suspense>
      <AssetPage />
    </Suspense>
  );
}
