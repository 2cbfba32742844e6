/**
 * KML and KMZ in and out: a file written the way Google Earth writes them (folders, a StyleMap,
 * TimeStamp and TimeSpan, an HTML description, a line) imports as pins and dated cards with every
 * refused placemark numbered and explained, a line as a route; a KMZ reads the same; and the
 * board's own KML export is valid KML that imports back to the same pins, cards and areas.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DOMParser } from "@xmldom/xmldom";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { PIN_COLOR } from "@/components/map/pinSymbols";
import { addArea, addCard, addPin, initBoard, linkCardToArea, listAreas, listCards, listPins } from "@/lib/board/model";
import type { Area, AreaInput, Card, Pin } from "@/lib/board/schema";
import { exportKml, exportKmz, kmlColor } from "@/lib/export/kml";
import { htmlToText, placemarkToItem, readKml, readKmlTime } from "./kml";
import { applyImport, areasNote, countOf } from "./report";

const here = path.dirname(fileURLToPath(import.meta.url));
const GOOGLE_EARTH = fs.readFileSync(path.join(here, "fixtures/google-earth.kml"), "utf8");
const parser = new DOMParser();

function board(title = "Central Mali"): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title, question: "Is JNIM shifting south?" });
  return doc;
}

/** A pin as the person sees it, without the ids and authorship a new board gives it. */
const pinView = (pin: Pin) => ({ title: pin.title, lat: pin.lat, lng: pin.lng, kind: pin.kind, note: pin.note, geoPrecision: pin.geoPrecision });

/** A card as the person sees it, its pins by title. */
const cardView = (card: Card, pins: Pin[]) => ({
  title: card.title,
  body: card.body,
  when: card.when,
  source: card.source,
  grade: card.grade,
  tags: card.tags,
  pins: card.pinIds.map((id) => pins.find((pin) => pin.id === id)?.title).sort(),
});

const byTitle = <T extends { title: string }>(items: T[]) => [...items].sort((a, b) => a.title.localeCompare(b.title));

describe("readKml on a Google Earth file", () => {
  it("numbers every placemark in the file's order and refuses a bad date with the reason", async () => {
    const report = await readKml(GOOGLE_EARTH, { parser });
    expect(report.fatal).toBeUndefined();
    expect(report.unit).toBe("placemark");
    expect(report.accepted.map((entry) => entry.row)).toEqual([1, 2, 3, 5, 6, 7, 8]);
    expect(report.rejected).toEqual([
      {
        row: 4,
        reason: '"Rumoured raid": its TimeStamp "last week" is not a year (2019), a month (2019-02), a day (2019-02-24) or a date and time',
      },
    ]);
  });

  it("makes a line a route, its name saying the kind, without the altitudes", async () => {
    const report = await readKml(GOOGLE_EARTH, { parser });
    // What the import dialog says of the file.
    expect(`${countOf(report.accepted.length, report.unit)}${areasNote(report)} ready to import`).toBe("7 placemarks (1 area) ready to import");
    expect(report.accepted.find((entry) => entry.row === 7)?.item).toEqual({
      area: {
        title: "Route nationale 16",
        kind: "route",
        note: "",
        geometry: { type: "LineString", coordinates: [[-4.1975, 14.4843], [-3, 15], [-1.9, 15.5]] },
      },
    });
  });

  it("makes pins with their description as text, kinds from style and folder, and cards from TimeStamp and TimeSpan", async () => {
    const report = await readKml(GOOGLE_EARTH, { parser });
    const [attack, fighting, ambush, katiba, mopti, sevare] = report.accepted.map((entry) => entry.item).filter((item) => !item.area);
    const text = "Armed men attacked the military camp at dawn.\n\nSource: local radio (https://example.org/report) & residents";
    expect(attack.pin).toMatchObject({ title: "Attack on Boulkessi camp", lng: -1.0712, lat: 14.6581, kind: "event", note: text });
    expect(attack.card).toMatchObject({ title: "Attack on Boulkessi camp", body: text, when: { start: "2019-09-30", precision: "day" } });
    expect(attack.card?.grade).toEqual({ reliability: "F", credibility: 6 });
    // A month-to-month span keeps month precision.
    expect(fighting.card?.when).toEqual({ start: "2019-09-01", end: "2019-10-01", precision: "month" });
    expect(fighting.card?.body).toBe("Clashes reported through the month & after");
    // A day to a month: days, the end widened to the whole of March.
    expect(ambush.card?.when).toEqual({ start: "2020-02-14", end: "2020-03-31", precision: "day" });
    expect(katiba).toEqual({ pin: expect.objectContaining({ title: "Katiba Macina", kind: "actor", note: "Operates around the inner delta" }), pinKey: undefined });
    expect(katiba.card).toBeUndefined();
    expect(mopti.pin).toMatchObject({ title: "Mopti", kind: "place", note: "" });
    expect(mopti.card).toBeUndefined();
    expect(sevare.pin).toMatchObject({ title: "Sévaré market fire", kind: "event" });
    expect(sevare.card?.when).toEqual({ start: "2018-01-01", precision: "year" });
  });

  it("writes nothing when every placemark must be valid, and the valid ones as one update otherwise", async () => {
    const report = await readKml(GOOGLE_EARTH, { parser });
    const doc = board();
    const before = Y.encodeStateAsUpdate(doc);
    expect(applyImport(doc, report, "all", "Ana")).toEqual({ refused: "1 placemark was refused, so nothing was imported" });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);

    let updates = 0;
    doc.on("update", () => updates++);
    expect(applyImport(doc, report, "valid", "Ana")).toEqual({ written: 7 });
    expect(listAreas(doc).map((area) => [area.title, area.kind])).toEqual([["Route nationale 16", "route"]]);
    expect(updates).toBe(1);
    const pins = listPins(doc);
    expect(pins.map((pin) => pin.title).sort()).toEqual(["Ambush near Dinangourou", "Attack on Boulkessi camp", "Fighting around Mondoro", "Katiba Macina", "Mopti", "Sévaré market fire"]);
    const cards = listCards(doc);
    expect(cards).toHaveLength(4);
    for (const card of cards) expect(card.pinIds.map((id) => pins.find((pin) => pin.id === id)?.title)).toEqual([card.title]);
  });

  it("refuses a file that is not KML, or not XML, as a whole", async () => {
    expect((await readKml("<gpx><wpt/></gpx>", { parser })).fatal).toBe("the file is not KML: its root element is not <kml>");
    const broken = await readKml("<kml><Document><Placemark></Document>", { parser });
    expect(broken.fatal).toMatch(/^the file is not well-formed XML/);
    expect(broken.accepted).toEqual([]);
    expect((await readKml('<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>', { parser })).fatal).toBe("the file has no placemarks");
  });

  it("reports its progress up to the end", async () => {
    const seen: number[] = [];
    await readKml(GOOGLE_EARTH, { parser, onProgress: (fraction) => seen.push(fraction) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(1);
  });
});

describe("readKml on a KMZ", () => {
  it("reads the archive's main KML as the KML itself", async () => {
    const kmz = zipSync({ "doc.kml": strToU8(GOOGLE_EARTH), "files/icon.png": new Uint8Array([137, 80, 78, 71]) });
    const fromKmz = await readKml(kmz, { parser });
    expect(fromKmz).toEqual(await readKml(GOOGLE_EARTH, { parser }));
  });

  it("refuses an archive without KML, and one that is not a zip", async () => {
    expect((await readKml(zipSync({ "readme.txt": strToU8("hello") }), { parser })).fatal).toBe("the KMZ file holds no KML file");
    const truncated = zipSync({ "doc.kml": strToU8(GOOGLE_EARTH) }).slice(0, 40);
    expect((await readKml(truncated, { parser })).fatal).toBe("the KMZ file cannot be unzipped");
  });
});

describe("placemarkToItem", () => {
  const at = (styleUrl: string, folders: string[], timestamp?: string) =>
    placemarkToItem({ type: "Feature", geometry: { type: "Point", coordinates: [-4, 14] }, properties: { name: "P", styleUrl, ...(timestamp ? { timestamp } : {}) } }, folders);
  const kind = (outcome: ReturnType<typeof placemarkToItem>) => (outcome.ok ? outcome.item.pin?.kind : outcome.reason);

  it("reads a pin's kind from whole words of its style, then of its folders from the nearest out", () => {
    expect(kind(at("#kind-actor", ["Towns"]))).toBe("actor");
    // Google Earth's "placemark" style names no kind: the folder does.
    expect(kind(at("#sn_placemark_circle", ["Incidents", "Armed groups"]))).toBe("actor");
    expect(kind(at("#sn_placemark_circle", ["Army camps"]))).toBe("place");
    // Nothing says (Google Earth's "My Places" says nothing either): a dated placemark is an event, another a place.
    expect(kind(at("#m_ylw-pushpin", ["My Places"], "2019"))).toBe("event");
    expect(kind(at("#m_ylw-pushpin", ["Misc"]))).toBe("place");
  });
});

describe("readKmlTime and htmlToText", () => {
  it("reads KML's date forms with their precision and nothing else", () => {
    expect(readKmlTime("2019")).toEqual({ start: "2019-01-01", precision: "year" });
    expect(readKmlTime("2019-02")).toEqual({ start: "2019-02-01", precision: "month" });
    expect(readKmlTime("2019-02-24")).toEqual({ start: "2019-02-24", precision: "day" });
    expect(readKmlTime("2019-02-24T23:30:00-05:00")).toEqual({ start: "2019-02-24", precision: "day" });
    expect(readKmlTime("2019-02-30")).toBeNull();
    expect(readKmlTime("2019-13")).toBeNull();
    expect(readKmlTime("24/02/2019")).toBeNull();
  });

  it("turns HTML into text without its scripts, keeping links' addresses", () => {
    expect(htmlToText('<div>One<br/>two</div><script>alert(1)</script><ul><li>a &lt;b&gt;</li></ul><a href="https://x.org">x.org</a>')).toBe(
      "One\ntwo\n\n- a <b>\nx.org (https://x.org)",
    );
    expect(htmlToText("plain\ntext & more")).toBe("plain\ntext & more");
  });
});

describe("exportKml", () => {
  function filledBoard(): Y.Doc {
    const doc = board();
    const mopti = addPin(doc, { title: "Mopti", lat: 14.4843, lng: -4.1975, kind: "place", note: 'Port <on the> Niger & "Bani"' }, "Ana");
    const jnim = addPin(doc, { title: "JNIM", lat: 14.49, lng: -4.19, kind: "actor", geoPrecision: "region" }, "Ana");
    const gao = addPin(doc, { title: "Gao", lat: 16.27, lng: -0.04, kind: "event", geoPrecision: "near" }, "Ana");
    addPin(doc, { title: "Empty camp", lat: 15, lng: -2, kind: "place" }, "Ana");
    addCard(
      doc,
      {
        title: "Attack on the market",
        body: "Line one\n\nLine <two> & three",
        when: { start: "2019-02-24", precision: "day" },
        pinIds: [mopti, jnim],
        source: { title: "Radio", url: "https://example.org/a?x=1&y=2" },
        grade: { reliability: "B", credibility: 2 },
        tags: ["JNIM", "market"],
      },
      "Ana",
    );
    addCard(doc, { title: "Clashes", when: { start: "2019-02-01", end: "2019-04-01", precision: "month" }, pinIds: [gao] }, "Ana");
    addCard(doc, { title: "A year of raids", when: { start: "2018-01-01", precision: "year" }, pinIds: [gao] }, "Ana");
    addCard(doc, { title: "Late February", when: { start: "2019-02-21", end: "2019-02-28", precision: "approx" }, pinIds: [jnim] }, "Ana");
    addCard(doc, { title: "Nowhere", when: { start: "2019-01-01", precision: "day" } }, "Ana");
    return doc;
  }

  it("writes KML 2.2 with a style per kind in the map's colours, coordinates longitude first and text escaped", () => {
    const { kml, unplaced } = exportKml(filledBoard(), PIN_COLOR);
    expect(unplaced).toBe(1);
    const xml = parser.parseFromString(kml, "text/xml");
    const root = xml.documentElement!;
    expect(root.localName).toBe("kml");
    expect(root.namespaceURI).toBe("http://www.opengis.net/kml/2.2");
    const styles = Array.from(xml.getElementsByTagName("Style")).map((style) => [style.getAttribute("id"), style.getElementsByTagName("color")[0]?.textContent]);
    expect(styles).toEqual([
      ["kind-event", kmlColor(PIN_COLOR.event)],
      ["kind-place", kmlColor(PIN_COLOR.place)],
      ["kind-actor", kmlColor(PIN_COLOR.actor)],
    ]);
    expect(kmlColor("#d1495b")).toBe("ff5b49d1");
    const folders = Array.from(xml.getElementsByTagName("Folder")).map((folder) => folder.getElementsByTagName("name")[0]?.textContent);
    expect(folders).toEqual(["Pins", "Cards"]);
    const placemarks = Array.from(xml.getElementsByTagName("Placemark"));
    const mopti = placemarks.find((p) => p.getElementsByTagName("name")[0]?.textContent === "Mopti")!;
    expect(mopti.getElementsByTagName("coordinates")[0]?.textContent).toBe("-4.1975,14.4843");
    expect(mopti.getElementsByTagName("description")[0]?.textContent).toBe('Port <on the> Niger & "Bani"');
    expect(mopti.getElementsByTagName("styleUrl")[0]?.textContent).toBe("#kind-place");
    const clashes = placemarks.find((p) => p.getElementsByTagName("name")[0]?.textContent === "Clashes")!;
    expect(clashes.getElementsByTagName("begin")[0]?.textContent).toBe("2019-02");
    expect(clashes.getElementsByTagName("end")[0]?.textContent).toBe("2019-04");
    const year = placemarks.find((p) => p.getElementsByTagName("name")[0]?.textContent === "A year of raids")!;
    expect(year.getElementsByTagName("when")[0]?.textContent).toBe("2018");
    // 4 pins, and 4 placed cards of which one stands at two pins.
    expect(placemarks).toHaveLength(9);
  });

  it("imports back to the same pins and cards", async () => {
    const original = filledBoard();
    const report = await readKml(exportKml(original, PIN_COLOR).kml, { parser });
    expect(report.rejected).toEqual([]);
    const copy = board();
    expect(applyImport(copy, report, "all", "Ben")).toEqual({ written: 9 });
    const pinsBefore = listPins(original);
    const pinsAfter = listPins(copy);
    expect(byTitle(pinsAfter).map(pinView)).toEqual(byTitle(pinsBefore).map(pinView));
    const placed = listCards(original).filter((card) => card.pinIds.length > 0);
    expect(byTitle(listCards(copy)).map((card) => cardView(card, pinsAfter))).toEqual(byTitle(placed).map((card) => cardView(card, pinsBefore)));
  });

  it("zips the same KML into a KMZ that imports the same", async () => {
    const doc = filledBoard();
    const fromKmz = await readKml(exportKmz(doc, PIN_COLOR), { parser });
    expect(fromKmz).toEqual(await readKml(exportKml(doc, PIN_COLOR).kml, { parser }));
  });
});

describe("areas and routes in KML", () => {
  const SECTOR: AreaInput = {
    title: "Ménaka sector",
    kind: "operation",
    note: "Shared with <ISGS> & JNIM",
    geometry: { type: "Polygon", coordinates: [[[1.5, 15.5], [3, 15.5], [3, 16.5], [1.5, 16.5], [1.5, 15.5]]] },
    validFrom: { start: "2018-01-01", precision: "year" },
    validTo: { start: "2018-01-01", precision: "year" },
  };
  const FRONT: AreaInput = {
    title: "Front south of Boni",
    kind: "front",
    geometry: { type: "LineString", coordinates: [[-2, 15.1], [-1.5, 15], [-1, 15.2]] },
    validFrom: { start: "2019-02-18", end: "2019-02-28", precision: "approx" },
  };
  const HELD: AreaInput = { title: "Held around Kidal", kind: "control", geometry: { type: "Polygon", coordinates: [[[1, 18], [2, 18], [2, 19], [1, 18]]] } };

  function boardWithAreas(): Y.Doc {
    const doc = board();
    const gao = addPin(doc, { title: "Gao", lat: 16.27, lng: -0.04, kind: "event" }, "Ana");
    const kidal = addPin(doc, { title: "Kidal", lat: 18.44, lng: 1.41, kind: "place" }, "Ana");
    const raid = addCard(doc, { title: "Raid on the convoy", when: { start: "2018-05-02", precision: "day" }, pinIds: [gao, kidal] }, "Ana");
    const sector = addArea(doc, SECTOR, "Ana");
    const front = addArea(doc, FRONT, "Ana");
    addArea(doc, HELD, "Ana");
    linkCardToArea(doc, raid, sector);
    linkCardToArea(doc, raid, front);
    return doc;
  }

  const areaView = (area: Area) => ({ title: area.title, kind: area.kind, note: area.note, geometry: area.geometry, validFrom: area.validFrom, validTo: area.validTo });

  it("writes each area as a Polygon or LineString placemark, styled per kind, its validity a TimeSpan", () => {
    const xml = parser.parseFromString(exportKml(boardWithAreas(), PIN_COLOR).kml, "text/xml");
    const folders = Array.from(xml.getElementsByTagName("Folder")).map((folder) => folder.getElementsByTagName("name")[0]?.textContent);
    expect(folders).toEqual(["Pins", "Cards", "Areas and routes"]);
    const styles = Array.from(xml.getElementsByTagName("Style")).map((style) => style.getAttribute("id"));
    expect(styles).toEqual(["kind-event", "kind-place", "kind-actor", "area-operation", "area-control", "area-route", "area-front"]);
    const placemarks = Array.from(xml.getElementsByTagName("Placemark"));
    const named = (name: string) => placemarks.find((p) => p.getElementsByTagName("name")[0]?.textContent === name)!;
    const sector = named("Ménaka sector");
    expect(sector.getElementsByTagName("styleUrl")[0]?.textContent).toBe("#area-operation");
    expect(sector.getElementsByTagName("description")[0]?.textContent).toBe("Shared with <ISGS> & JNIM");
    expect(sector.getElementsByTagName("LinearRing")[0]?.textContent).toBe("1.5,15.5 3,15.5 3,16.5 1.5,16.5 1.5,15.5");
    expect([sector.getElementsByTagName("begin")[0]?.textContent, sector.getElementsByTagName("end")[0]?.textContent]).toEqual(["2018", "2018"]);
    const front = named("Front south of Boni");
    expect(front.getElementsByTagName("LineString")).toHaveLength(1);
    expect(front.getElementsByTagName("styleUrl")[0]?.textContent).toBe("#area-front");
    expect(front.getElementsByTagName("begin")[0]?.textContent).toBe("2019-02-18");
    expect(front.getElementsByTagName("end")).toHaveLength(0);
    expect(named("Held around Kidal").getElementsByTagName("TimeSpan")).toHaveLength(0);
  });

  it("imports back to the same areas, linked to the same cards", async () => {
    const original = boardWithAreas();
    const report = await readKml(exportKml(original, PIN_COLOR).kml, { parser });
    expect(report.rejected).toEqual([]);
    const copy = board();
    // 2 pins, 1 card at 2 pins, 3 areas.
    expect(applyImport(copy, report, "all", "Ben")).toEqual({ written: 7 });
    expect(byTitle(listAreas(copy)).map(areaView)).toEqual(byTitle(listAreas(original)).map(areaView));
    const titleOf = (doc: Y.Doc) => (id: string) => listAreas(doc).find((area) => area.id === id)?.title;
    const [raid] = listCards(copy);
    expect(raid.pinIds).toHaveLength(2);
    expect(raid.areaIds.map(titleOf(copy)).sort()).toEqual(["Front south of Boni", "Ménaka sector"]);
  });

  it("reads other tools' lines and polygons: the kind from style, folder or name, the TimeSpan as validity, holes refused", async () => {
    const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Folder><name>Controlled territory</name>
  <Placemark><name>North of the river</name><TimeSpan><begin>2018-03</begin><end>2019</end></TimeSpan>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>1,15,0 2,15,0 2,16,0 1,15,0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
  <Placemark><name>With an enclave</name>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>1,15 3,15 3,17 1,15</coordinates></LinearRing></outerBoundaryIs>
    <innerBoundaryIs><LinearRing><coordinates>1.5,15.2 2,15.2 2,15.6 1.5,15.2</coordinates></LinearRing></innerBoundaryIs></Polygon></Placemark>
</Folder>
<Placemark><name>Line of contact</name><styleUrl>#frontline</styleUrl><TimeSpan><end>2020-06-30</end></TimeSpan>
  <LineString><coordinates>-2,15 -1,15.2</coordinates></LineString></Placemark>
<Placemark><name>Backwards</name><TimeSpan><begin>2020</begin><end>2019</end></TimeSpan>
  <LineString><coordinates>-2,15 -1,15.2</coordinates></LineString></Placemark>
</Document></kml>`;
    const report = await readKml(kml, { parser });
    expect(report.accepted.map((entry) => entry.item.area)).toEqual([
      {
        title: "North of the river",
        kind: "control",
        note: "",
        geometry: { type: "Polygon", coordinates: [[[1, 15], [2, 15], [2, 16], [1, 15]]] },
        validFrom: { start: "2018-03-01", precision: "month" },
        validTo: { start: "2019-01-01", precision: "year" },
      },
      { title: "Line of contact", kind: "front", note: "", geometry: { type: "LineString", coordinates: [[-2, 15], [-1, 15.2]] }, validTo: { start: "2020-06-30", precision: "day" } },
    ]);
    expect(report.rejected).toEqual([
      { row: 2, reason: '"With an enclave": its polygon has holes; the board draws areas without holes' },
      { row: 4, reason: '"Backwards": validTo: valid to is before valid from' },
    ]);
  });
});
