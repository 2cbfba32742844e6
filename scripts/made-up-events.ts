/**
 * Made-up events for the board benchmark: `count` events at a few hundred invented places over the
 * Sahel, 2015–2024, drifting south over the years (so the trend and the time window have something
 * to show), several at each place like a real conflict-event export. Deterministic, so runs compare.
 * Nothing here is real event data.
 */
import type { EvidenceInput } from "@/lib/board/model";

const TAGS = ["Battles", "Violence against civilians", "Explosions/Remote violence"];

export function madeUpEvents(count: number, places = Math.max(6, Math.round(count / 16))): EvidenceInput[] {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const sites = Array.from({ length: places }, (_, i) => ({ name: `Made-up place ${i + 1}`, lng: -12 + random() * 16, lat: 11 + random() * 11 }));
  const events: EvidenceInput[] = [];
  const first = Date.UTC(2015, 0, 1);
  const days = 3652;
  for (let i = 0; i < count; i++) {
    const day = Math.floor((i / count) * days);
    const iso = new Date(first + day * 86_400_000).toISOString().slice(0, 10);
    // Later events happen further south: pick among the places in a band that moves with time.
    const band = 22 - (day / days) * 9;
    let site = sites[Math.floor(random() * sites.length)];
    for (let tries = 0; tries < 8 && Math.abs(site.lat - band) > 3; tries++) site = sites[Math.floor(random() * sites.length)];
    events.push({
      pin: { title: site.name, lng: site.lng, lat: site.lat, kind: "event" },
      card: {
        title: `Made-up event ${i + 1} at ${site.name}`,
        when: { start: iso, precision: "day" },
        source: { title: "Made-up source", url: "" },
        tags: [TAGS[i % TAGS.length]],
      },
    });
  }
  return events;
}
