/**
 * `npm start`: builds the app if needed, then serves it and the collaboration server in
 * production mode on one port.
 */
import { buildIfNeeded } from "./build-if-needed";

try {
  buildIfNeeded();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
Object.assign(process.env, { NODE_ENV: "production" });
void import("../server/main");
