import { Suspense } from "react";
import { AssetsPage } from "@/features/assets/AssetsPage";

export const metadata = { title: "Assets · Weir" };

export default function Page() {
  return (
    <Suspense>
      <AssetsPage />
    </Suspense>
  );
}
