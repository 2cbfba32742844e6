"use client";
/**
 * Finds a place by name in the offline gazetteer; choosing one hands it to the pane. A combobox
 * (WAI-ARIA 1.2): the focus stays in the field while ArrowDown and ArrowUp move through the places
 * found, Enter chooses the highlighted one (and nothing when none is), Escape closes the list and,
 * pressed again, clears the field.
 */
import { useId, useRef, useState, type KeyboardEvent } from "react";
import styles from "./MapPanel.module.css";
import { countryName, loadGazetteer, searchPlaces, type NearArea, type Place, type PlaceMatch } from "./gazetteer";

interface PlaceSearchProps {
  onChoose(place: Place): void;
  /** Where the board's evidence and the map's view are, read when the query changes: their places come first. */
  near(): NearArea[];
}

export function PlaceSearch({ onChoose, near }: PlaceSearchProps) {
  const [query, setQuery] = useState("");
  const [places, setPlaces] = useState<Place[] | null>(null);
  const [results, setResults] = useState<PlaceMatch[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  // The latest query and names, read by whichever of typing and loading comes last: an input
  // event can arrive before the render that would hand its handler the loaded names.
  const latestQuery = useRef("");
  const loadedPlaces = useRef<Place[] | null>(null);

  const search = (text: string) => {
    latestQuery.current = text;
    setQuery(text);
    setResults(loadedPlaces.current ? searchPlaces(loadedPlaces.current, text, { near: near() }) : []);
    setActive(-1);
    setOpen(true);
  };

  const load = () => {
    if (places) return;
    loadGazetteer().then(
      (loaded) => {
        loadedPlaces.current = loaded;
        setPlaces(loaded);
        // What was typed while the names loaded is searched now.
        setResults(searchPlaces(loaded, latestQuery.current, { near: near() }));
      },
      (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)),
    );
  };

  const choose = (place: Place) => {
    latestQuery.current = "";
    setQuery("");
    setResults([]);
    setActive(-1);
    setOpen(false);
    onChoose(place);
  };

  const typed = query.trim().length >= 2;
  const expanded = open && typed && results.length > 0;
  const optionId = (index: number) => `${listId}-${index}`;

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = results.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!typed || count === 0) return;
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => (current < 0 ? (step > 0 ? 0 : count - 1) : (current + step + count) % count));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (expanded && results[active]) choose(results[active].place);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      if (expanded) {
        setOpen(false);
        setActive(-1);
      } else search("");
    }
  };

  const note = !typed || !open ? "" : error ? error : !places ? "Loading place names…" : results.length === 0 ? "No place of that name." : "";
  return (
    <div className={styles.search} role="search">
      <input
        type="text"
        role="combobox"
        aria-label="Search places"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        placeholder="Search places…"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onFocus={() => {
          setError(null);
          load();
        }}
        onBlur={() => setOpen(false)}
        onChange={(event) => search(event.target.value)}
        onKeyDown={handleKeyDown}
      />
      <ul id={listId} role="listbox" className={styles.results} aria-label="Places found" hidden={!expanded}>
        {expanded
          ? results.map(({ place, alias }, index) => (
              <li
                key={`${place.name}-${place.lng}-${place.lat}`}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                // Keeps the focus in the field, so the click lands on the option it pressed.
                onMouseDown={(event) => event.preventDefault()}
                onMouseMove={() => index !== active && setActive(index)}
                onClick={() => choose(place)}
              >
                <span className={styles.placeName}>{place.name}</span>
                <span className={styles.placeWhere}>{[place.region, countryName(place.country)].filter(Boolean).map((part) => `, ${part}`).join("")}</span>
                {alias ? <span className={styles.placeAlias}> (also called {alias})</span> : null}
              </li>
            ))
          : null}
      </ul>
      <p className={styles.resultNote} role="status">
        {note}
      </p>
    </div>
  );
}
