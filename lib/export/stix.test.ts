/**
 * The STIX 2.1 export: the bundle validates against the STIX 2.1 JSON schemas (fixtures/stix-2.1,
 * see its README), holds the board's pins, cards and claims with their sources, grades and
 * likelihoods, and names every object the same way on every export of the same board.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { addArea, addCard, addClaim, addPin, CLAIM_MARK, initBoard, linkCardToArea, listCards, narrativeFragment } from "@/lib/board/model";
import { LIKELIHOODS } from "@/lib/board/schema";
import { exportStix, LIKELIHOOD_CONFIDENCE, stixBundleJson } from "./stix";

const here = path.dirname(fileURLToPath(import.meta.url));
const SCHEMAS = path.join(here, "fixtures/stix-2.1");

function validator() {
  const ajv = new Ajv2020({ allErrors: true, allowMatchingProperties: true });
  addFormats.default(ajv);
  for (const folder of ["common", "sdos"]) {
    for (const name of fs.readdirSync(path.join(SCHEMAS, folder))) {
      ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMAS, folder, name), "utf8")));
    }
  }
  const base = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";
  return {
    bundle: ajv.getSchema(`${base}common/bundle.json`)!,
    object: (type: string) => ajv.getSchema(`${base}sdos/${type}.json`)!,
  };
}

const NOW = new Date(Date.UTC(2026, 10, 30, 9, 15, 0));

// The board is written an hour before it is exported, whatever day the tests run on.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: NOW.getTime() - 3_600_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

function filledBoard(): { doc: Y.Doc; claimId: string } {
  const doc = new Y.Doc();
  initBoard(doc, { title: "Central Mali", question: "Is JNIM shifting south?" });
  const mopti = addPin(doc, { title: "Mopti", lat: 14.4843, lng: -4.1975, kind: "place", note: "Port on the Niger" }, "Ana");
  const gao = addPin(doc, { title: "Gao", lat: 16.27, lng: -0.04, kind: "event", geoPrecision: "near" }, "Ana");
  const attack = addCard(
    doc,
    {
      title: "Attack on the market",
      body: "Armed men attacked the market.",
      when: { start: "2019-02-24", precision: "day" },
      pinIds: [mopti],
      source: { title: "Radio Mopti", url: "https://example.org/mopti" },
      grade: { reliability: "B", credibility: 2 },
      tags: ["JNIM"],
    },
    "Ana",
  );
  addCard(doc, { title: "Unsourced rumour", when: { start: "2019-03-01", precision: "month" } }, "Ana");
  const claimId = addClaim(doc, { likelihood: "likely", confidence: "moderate", evidence: [{ kind: "card", id: attack }, { kind: "pin", id: gao }] }, "Ana");
  // The narrative's words marked with the claim, as the editor writes them.
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  narrativeFragment(doc).insert(0, [paragraph]);
  text.insert(0, "JNIM is shifting south.", { [CLAIM_MARK]: { claimId } });
  return { doc, claimId };
}

describe("exportStix", () => {
  it("validates against the STIX 2.1 schemas, as a bundle and object by object", () => {
    const { doc } = filledBoard();
    const bundle = JSON.parse(stixBundleJson(doc, { boardId: "board-1", author: "Ana", now: NOW }));
    const { bundle: validBundle, object } = validator();
    expect(validBundle(bundle), JSON.stringify(validBundle.errors)).toBe(true);
    for (const item of bundle.objects) expect(object(item.type)(item), `${item.type}: ${JSON.stringify(object(item.type).errors)}`).toBe(true);
  });

  it("is refused by the same schemas when an object breaks them", () => {
    const { doc } = filledBoard();
    const bundle = exportStix(doc, { boardId: "board-1", now: NOW });
    const { bundle: validBundle } = validator();
    const location = bundle.objects.find((item) => item.type === "location")!;
    const broken = { ...bundle, objects: [...bundle.objects.filter((item) => item !== location), { ...location, latitude: 95 }] };
    expect(validBundle(broken)).toBe(false);
    const seconds = { ...bundle, objects: bundle.objects.map((item) => ({ ...item, created: "2026-11-30T09:15:00Z" })) };
    expect(validBundle(seconds)).toBe(false);
  });

  it("holds a report of the board, a location per pin, a note per card and per claim", () => {
    const { doc } = filledBoard();
    const { objects } = exportStix(doc, { boardId: "board-1", author: "Ana", now: NOW });
    const byType = (type: string) => objects.filter((item) => item.type === type);
    const [identity] = byType("identity");
    expect(identity).toMatchObject({ name: "Ana", identity_class: "individual" });
    const [report] = byType("report");
    expect(report).toMatchObject({ name: "Central Mali", description: "Is JNIM shifting south?", published: "2026-11-30T09:15:00.000Z", created_by_ref: identity.id });
    expect(new Set(report.object_refs as string[])).toEqual(new Set(objects.filter((item) => item !== report).map((item) => item.id)));

    const locations = byType("location");
    const located = locations.map(({ name, latitude, longitude, description }) => ({ name, latitude, longitude, description }));
    expect(located.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { name: "Gao", latitude: 16.27, longitude: -0.04, description: undefined },
      { name: "Mopti", latitude: 14.4843, longitude: -4.1975, description: "Port on the Niger" },
    ]);
    const mopti = locations.find((item) => item.name === "Mopti")!;
    const gao = locations.find((item) => item.name === "Gao")!;

    const notes = byType("note");
    const attack = notes.find((item) => item.abstract === "Attack on the market")!;
    expect(attack.object_refs).toEqual([mopti.id]);
    expect(attack.external_references).toEqual([{ source_name: "Radio Mopti", url: "https://example.org/mopti" }]);
    expect(attack.labels).toEqual(["admiralty:B2", "JNIM"]);
    expect(attack.content).toContain("Armed men attacked the market.");
    expect(attack.content).toContain("When: 24 Feb 2019");
    expect(attack.content).toContain("Grade: B2 (Source usually reliable; information probably true)");
    const rumour = notes.find((item) => item.abstract === "Unsourced rumour")!;
    // A card at no pin is about the board's report; it names no source.
    expect(rumour.object_refs).toEqual([report.id]);
    expect(rumour.external_references).toBeUndefined();
    expect(rumour.labels).toEqual(["admiralty:F6"]);

    const claim = notes.find((item) => item.abstract === "JNIM is shifting south.")!;
    expect(claim.confidence).toBe(70);
    expect(claim.object_refs).toEqual([attack.id, gao.id]);
    expect(claim.labels).toEqual(["claim", "likelihood:likely", "analytic-confidence:moderate"]);
    expect(claim.content).toContain("Likelihood: likely (ICD 203), STIX confidence 70. Analytic confidence: moderate.");
  });

  it("leaves areas and routes out: the same objects with or without them, still valid", () => {
    const { doc } = filledBoard();
    const without = exportStix(doc, { boardId: "board-1", now: NOW });
    const route = addArea(doc, { title: "N16", kind: "route", geometry: { type: "LineString", coordinates: [[0, 16], [1.4, 18.4]] } }, "Ana");
    linkCardToArea(doc, listCards(doc)[0].id, route);
    const withAreas = exportStix(doc, { boardId: "board-1", now: NOW });
    expect(withAreas).toEqual(without);
    expect(JSON.stringify(withAreas)).not.toContain("N16");
  });

  it("names every object the same way on every export of a board, and differently for another board", () => {
    const { doc } = filledBoard();
    const first = exportStix(doc, { boardId: "board-1", now: NOW });
    const later = exportStix(doc, { boardId: "board-1", now: new Date(NOW.getTime() + 60_000) });
    expect(later.objects.map((item) => item.id)).toEqual(first.objects.map((item) => item.id));
    // A later export is a newer version of the same objects: created stays, modified moves on.
    expect(later.objects.map((item) => item.created)).toEqual(first.objects.map((item) => item.created));
    expect(later.objects.every((item) => item.modified === "2026-11-30T09:16:00.000Z")).toBe(true);
    expect(exportStix(doc, { boardId: "board-1", now: NOW }).id).toBe(first.id);
    const other = exportStix(doc, { boardId: "board-2", now: NOW });
    expect(other.id).not.toBe(first.id);
    expect(other.objects.find((item) => item.type === "report")!.id).not.toBe(first.objects.find((item) => item.type === "report")!.id);
    for (const id of first.objects.map((item) => item.id)) expect(id).toMatch(/^[a-z-]+--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("maps every ICD 203 likelihood to the STIX confidence scale in order, within 0–100", () => {
    const values = LIKELIHOODS.map((likelihood) => LIKELIHOOD_CONFIDENCE[likelihood]);
    expect(values).toEqual([5, 15, 30, 50, 70, 85, 95]);
  });
});
