"use client";
/** Finds a place by name in the offline gazetteer; choosing one hands it to the pane. */
import { useId, useState } from "react";
import styles from "./MapPanel.module.css";
import { describePlace, loadGazetteer, searchPlaces, type Place } from "./gazetteer";

export function PlaceSearch({ onChoose }: { onChoose(place: Place): void }) {
  const [query, setQuery] = useState("");
  const [places, setPlaces] = useState<Place[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const listId = useId();

  const load = () => {
    if (places) return;
    loadGazetteer().then(setPlaces, (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)));
  };

  const results = places ? searchPlaces(places, query) : [];
  const choose = (place: Place) => {
    setQuery("");
    onChoose(place);
  };
  return (
    <div className={styles.search} role="search">
      <input
        type="search"
        aria-label="Search places"
        placeholder="Search places…"
        value={query}
        onFocus={() => {
          setError(null);
          load();
        }}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && results[0]) choose(results[0]);
          if (event.key === "Escape") setQuery("");
        }}
        aria-controls={listId}
      />
      {query.trim().length >= 2 ? (
        <ul id={listId} className={styles.results} aria-label="Places found">
          {error ? <li className={styles.resultNote}>{error}</li> : null}
          {!places && !error ? <li className={styles.resultNote}>Loading place names…</li> : null}
          {places && results.length === 0 ? <li className={styles.resultNote}>No place of that name.</li> : null}
          {results.map((place) => (
            <li key={`${place.name}-${place.lng}-${place.lat}`}>
              <button type="button" onClick={() => choose(place)}>
                {describePlace(place)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
