/** The changes a device holds beyond the server's committed state are listed per entry, in words, and only this person's. */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addCard, addPin, initBoard, narrativeFragment, updatePin } from "./index";
import { AUTHOR, cardInput, pinInput } from "./test-support";
import { listUnsavedChanges } from "./unsaved";

/** A board as the server has it, and a device that received it. */
function boardOnDevice() {
  const server = new Y.Doc();
  initBoard(server, { title: "Sahel", question: "" });
  const pinId = addPin(server, pinInput({ title: "Mopti" }), AUTHOR);
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  return { server, device, pinId, committed: Y.encodeStateVector(device) };
}

describe("unsaved changes", () => {
  it("are none when the server's state covers the device's own changes", () => {
    const { device, committed } = boardOnDevice();
    expect(listUnsavedChanges(device, [device.clientID], committed)).toEqual([]);
  });

  it("name the pin moved, the card added and the text typed offline", () => {
    const { device, pinId, committed } = boardOnDevice();
    updatePin(device, pinId, { lng: -4, lat: 14.5 });
    addCard(device, cardInput({ title: "Convoy ambushed" }), AUTHOR);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Written on the train.")]);
    narrativeFragment(device).insert(0, [paragraph]);
    const labels = listUnsavedChanges(device, [device.clientID], committed).map((change) => change.label);
    expect(labels).toEqual(["Pin “Mopti”", "Card “Convoy ambushed”", "Narrative: “Written on the train.”"]);
  });

  it("leave out what other people wrote, and count earlier visits of this person", () => {
    const { server, device, committed } = boardOnDevice();
    const earlierVisit = new Y.Doc();
    Y.applyUpdate(earlierVisit, Y.encodeStateAsUpdate(device));
    addPin(earlierVisit, pinInput({ title: "Gao" }), AUTHOR);
    Y.applyUpdate(device, Y.encodeStateAsUpdate(earlierVisit));
    addPin(server, pinInput({ title: "Someone else's" }), "other");
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
    expect(listUnsavedChanges(device, [device.clientID], committed)).toEqual([]);
    expect(listUnsavedChanges(device, [device.clientID, earlierVisit.clientID], committed).map((c) => c.label)).toEqual(["Pin “Gao”"]);
  });
});
