/** A client worker process: serves the client side of every scenario (see workers.ts). */
import { awarenessHandlers } from "./awareness";
import { burstHandlers } from "./burst";
import { coldLoadHandlers } from "./cold-load";
import { fanoutHandlers } from "./fanout";
import { manyBoardsHandlers } from "./many-boards";
import { serveHandlers } from "./workers";

serveHandlers({ ...fanoutHandlers, ...manyBoardsHandlers, ...coldLoadHandlers, ...burstHandlers, ...awarenessHandlers });
