import { formatCidr, isCidr, overlaps, parseCidr, prefixFor, subBlock } from "../lib/common";
import { layoutSubnets } from "../lib/plan";

describe("CIDR arithmetic", () => {
  test("parses and formats", () => {
    expect(formatCidr(parseCidr("10.1.0.0/16")!)).toBe("10.1.0.0/16");
    expect(formatCidr(parseCidr("0.0.0.0/0")!)).toBe("0.0.0.0/0");
  });

  test.each(["10.0.0.1/16", "10.0.0.0", "256.0.0.0/8", "10.0.0.0/33", "a.b.c.d/8", " 10.0.0.0/16"])("rejects %p", (text) => {
    expect(isCidr(text)).toBe(false);
  });

  test("overlap is symmetric and exact at the edges", () => {
    const a = parseCidr("10.0.0.0/16")!;
    expect(overlaps(a, parseCidr("10.0.255.0/24")!)).toBe(true);
    expect(overlaps(parseCidr("10.0.255.0/24")!, a)).toBe(true);
    expect(overlaps(a, parseCidr("10.1.0.0/16")!)).toBe(false);
    expect(overlaps(parseCidr("10.0.0.0/8")!, parseCidr("10.200.0.0/16")!)).toBe(true);
  });

  test("sub-blocks and prefix sizes", () => {
    expect(formatCidr(subBlock(parseCidr("10.0.0.0/16")!, 18, 3))).toBe("10.0.192.0/18");
    expect(() => subBlock(parseCidr("10.0.0.0/16")!, 18, 4)).toThrow(/does not fit/);
    expect(prefixFor(256)).toBe(24);
    expect(prefixFor(257)).toBe(23);
  });
});

describe("subnet layout", () => {
  test("private subnets hold a lost zone's nodes; public /24s follow; nothing overlaps", () => {
    const layout = layoutSubnets("10.0.0.0/16", 3, 70, 132);
    if (typeof layout === "string") throw new Error(layout);
    // 70 nodes over the 2 surviving zones = 35 nodes x 132 addresses = 4620 (+5 reserved) -> /19.
    expect(layout.nodesPerSubnet).toBe(35);
    expect(layout.privateSubnets).toEqual(["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]);
    expect(layout.publicSubnets).toEqual(["10.0.96.0/24", "10.0.97.0/24", "10.0.98.0/24"]);
    const all = [...layout.privateSubnets, ...layout.publicSubnets].map((c) => parseCidr(c)!);
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
  });

  test("a network too small says which size would do", () => {
    expect(layoutSubnets("10.0.0.0/20", 3, 70, 132)).toMatch(/10.0.0.0\/20 holds 4096 addresses; .* need a \/17 or larger/);
  });
});
