import { buildIfNeeded } from "../scripts/build-if-needed";

/** The end-to-end tests run against the production build. */
export default function globalSetup(): void {
  buildIfNeeded();
}
