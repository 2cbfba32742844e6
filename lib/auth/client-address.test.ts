import { describe, expect, it } from "vitest";
import { clientAddress, clientAddressOf, CLIENT_ADDRESS_HEADER, normalizeAddress, UNKNOWN_CLIENT } from "./client-address";

describe("normalizeAddress", () => {
  it.each([
    ["192.0.2.7", "192.0.2.7"],
    ["::ffff:192.0.2.7", "192.0.2.7"],
    ["192.0.2.7:51234", "192.0.2.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"],
    ["[2001:0db8:0001:0002::9]:443", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["64:ff9b::192.0.2.7", "64:ff9b:0:0::/64"],
    ["not an address", "other:not an address"],
    ["", UNKNOWN_CLIENT],
  ])("keys %j as %j", (raw, key) => {
    expect(normalizeAddress(raw)).toBe(key);
  });
});

describe("clientAddress", () => {
  const forwarded = "198.51.100.1, 203.0.113.9";
  it("is the peer unless proxies are trusted, then counts that many hops from the right", () => {
    expect(clientAddress("::ffff:10.0.0.1", forwarded, 0)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", forwarded, 1)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.1", [forwarded, "192.0.2.5"], 1)).toBe("192.0.2.5");
    expect(clientAddress("10.0.0.1", forwarded, 2)).toBe("198.51.100.1");
    expect(clientAddress("10.0.0.1", forwarded, 9)).toBe("198.51.100.1");
    expect(clientAddress("10.0.0.1", undefined, 1)).toBe("10.0.0.1");
    expect(clientAddress(undefined, undefined, 0)).toBe(UNKNOWN_CLIENT);
  });

  it("is read back from the header server/app.ts sets", () => {
    expect(clientAddressOf(new Headers({ [CLIENT_ADDRESS_HEADER]: "10.0.0.1" }))).toBe("10.0.0.1");
    expect(clientAddressOf(new Headers())).toBe(UNKNOWN_CLIENT);
    expect(clientAddressOf(undefined)).toBe(UNKNOWN_CLIENT);
  });
});
