/**
 * The one minter of ids: boards, users, share links, and every entry of a board or review
 * document. What an id may look like is declared once, with the protocol (`ID_PATTERN`,
 * `BOARD_ID_PATTERN` in lib/collab/protocol.ts); this file makes ids that pass both.
 */
import { customAlphabet } from "nanoid";
import { BOARD_ID_PATTERN, ID_PATTERN } from "@/lib/collab/protocol";

/** Letters and digits only (no `-` or `_`): an id reads as one word wherever it is shown or pasted. */
const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** 12 characters of 62: about 71 random bits, short enough for URLs and room names. */
const ID_LENGTH = 12;

// Every id minted here must be valid wherever ids are checked. Checked once when the module loads,
// over samples that use every character at the full length, so that narrowing either pattern
// fails at start instead of refusing a fresh board or pin in someone's request.
for (let start = 0; start < ID_ALPHABET.length; start += ID_LENGTH) {
  const sample = ID_ALPHABET.repeat(2).slice(start, start + ID_LENGTH);
  if (!ID_PATTERN.test(sample) || !BOARD_ID_PATTERN.test(sample)) {
    throw new Error(`lib/ids.ts mints ids like "${sample}", which the id patterns of lib/collab/protocol.ts refuse`);
  }
}

/** nanoid draws each character uniformly (it discards the bytes that would favour some) from crypto. */
const mint = customAlphabet(ID_ALPHABET, ID_LENGTH);

/** A new random id. Takes no argument, so `list.map(newId)` cannot shorten ids by passing an index. */
export function newId(): string {
  return mint();
}
