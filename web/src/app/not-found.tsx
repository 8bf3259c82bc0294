import Link from "next/link";

export default function NotFound() {
  return (
    <div style={{ padding: 48, textAlign: "center" }}>
      <h1>Page not found</h1>
      <p className="muted">
        This address is not part of Weir. <Link href="/">Go to the overview</Link>.
      </p>
    </div>
  );
}
