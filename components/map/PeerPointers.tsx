"use client";
/**
 * Where other people's pointers are on the map: one small marker per person, not per pin. A
 * presenter's pointer is a laser dot, drawn larger and above the others.
 */
import styles from "./MapPanel.module.css";
import { useMapKit } from "./mapKit";
import type { MapPeer } from "./useMapPresence";

export function PeerPointers({ peers }: { peers: readonly MapPeer[] }) {
  const { Marker } = useMapKit();
  return peers.map((peer) =>
    peer.pointer && peer.presenting ? (
      <Marker key={peer.clientId} longitude={peer.pointer[0]} latitude={peer.pointer[1]} anchor="center" style={{ zIndex: 5 }}>
        <div className={styles.laser} data-testid="laser-pointer" aria-label={`${peer.user.name}'s pointer`}>
          <span />
        </div>
      </Marker>
    ) : peer.pointer ? (
      <Marker key={peer.clientId} longitude={peer.pointer[0]} latitude={peer.pointer[1]} anchor="top-left">
        <div className={styles.pointer} style={{ color: peer.user.color }} data-testid="peer-pointer">
          <svg width="14" height="18" viewBox="0 0 14 18" aria-hidden="true">
            <path d="M1 1 L13 11 L7 11 L4 17 Z" fill="currentColor" stroke="#fff" strokeWidth="1.2" />
          </svg>
          <span style={{ background: peer.user.color }}>{peer.user.name}</span>
        </div>
      </Marker>
    ) : null,
  );
}
