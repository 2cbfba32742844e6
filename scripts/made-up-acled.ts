/**
 * Made-up rows in ACLED's column layout for the import benchmark and the large-import end-to-end
 * test. Nothing here is real ACLED data, whose terms forbid redistribution.
 */
import Papa from "papaparse";
import { ACLED_COLUMNS, BOARD_COLUMNS } from "../lib/import/acled";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * `rows` invented events in ACLED's layout, in all three date forms and all three time precisions;
 * with `notesLength`, each row's notes are padded to that many characters.
 */
export function madeUpCsv(rows: number, notesLength = 0): string {
  const filler = " Fighters were reported near the market; two sources agree, a third does not.";
  const records: Array<Record<string, string>> = [];
  for (let i = 0; i < rows; i++) {
    const year = 2015 + (i % 10);
    const month = (i % 12) + 1;
    const day = (i % 28) + 1;
    const date = [`${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`, `${day} ${MONTHS[month - 1]} ${year}`, `${day}-${MONTHS[month - 1]}-${String(year).slice(2)}`][i % 3];
    const fields: Record<string, string> = {
      event_id_cnty: `XXX${i}`,
      event_date: date,
      year: String(year),
      time_precision: String((i % 3) + 1),
      event_type: "Battles",
      sub_event_type: "Armed clash",
      actor1: i % 2 ? "Made-up group A" : "Made-up group B",
      country: "Mali",
      location: `Made-up place ${i}`,
      latitude: (10 + (i % 1000) / 100).toFixed(4),
      longitude: (-8 + (i % 700) / 100).toFixed(4),
      geo_precision: "1",
      source: "Made-up source",
      notes: `Made-up event number ${i}, generated for the import benchmark.`.padEnd(notesLength, filler),
      fatalities: String(i % 5),
      tags: i % 2 ? "A" : "B",
    };
    records.push(fields);
  }
  return Papa.unparse(records, { columns: [...ACLED_COLUMNS], newline: "\n" });
}


/** Events (as the board imports them, each dated to the day) written as rows in ACLED's layout. */
export function eventsCsv(events: ReadonlyArray<{ pin: { title: string; lng: number; lat: number }; card: { title: string; when: { start: string } } }>): string {
  const records = events.map(({ pin, card }, i) => ({
    event_id_cnty: `XXX${i}`,
    event_date: card.when.start,
    year: card.when.start.slice(0, 4),
    time_precision: "1",
    event_type: "Battles",
    sub_event_type: "Armed clash",
    actor1: "Made-up group A",
    country: "Mali",
    location: pin.title,
    latitude: pin.lat.toFixed(4),
    longitude: pin.lng.toFixed(4),
    geo_precision: "1",
    source: "Made-up source",
    notes: card.title,
    fatalities: "0",
    tags: "A",
    title: card.title,
  }));
  return Papa.unparse(records, { columns: [...ACLED_COLUMNS, BOARD_COLUMNS[0]], newline: "\n" });
}
