"use client";
/**
 * Sign out: first removes what this person keeps on this device (their copies of boards, see
 * lib/collab/local-store.ts, and the pages kept for them offline, lib/collab/offline-pages.ts), then
 * ends the session on the server.
 */
import { useState } from "react";
import { signOutAction } from "@/app/auth-actions";
import { clearLocalData } from "@/lib/collab/local-store";
import { forgetOfflinePages } from "@/lib/collab/offline-pages";

export function SignOutForm({ userId, name, className }: { userId: string; name: string; className?: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className={className}
      action={async () => {
        setError(null);
        await Promise.all([clearLocalData(userId), forgetOfflinePages(userId)]);
        try {
          await signOutAction();
        } catch (failure) {
          if (failure instanceof TypeError) {
            setError("Your boards were removed from this device; signing out needs the network. Try again once you are online.");
          } else throw failure;
        }
      }}
    >
      <span>{name}</span>
      <button type="submit">Sign out</button>
      {error && <span role="alert">{error}</span>}
    </form>
  );
}
