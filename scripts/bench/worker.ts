/** A client worker process: serves the client side of every scenario (see workers.ts). */
import { fanoutHandlers } from "./fanout";
import { serveHandlers } from "./workers";

serveHandlers({ ...fanoutHandlers });
