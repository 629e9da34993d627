import { describe, expect, it } from "vitest";
import { formatDate, formatNumber } from "../src/format.ts";

describe("output values in the page's locale", () => {
  it("formats calendar dates without shifting the day", () => {
    expect(formatDate("2026-03-05", "zh")).toBe("2026/03/05");
    expect(formatDate("2026-03-05", "en")).toBe("05/03/2026");
  });
  it("formats an instant as its Beijing day", () => {
    expect(formatDate("2026-03-04T17:00:00Z", "zh")).toBe("2026/03/05");
  });
  it("leaves what is not a date as it is", () => {
    expect(formatDate("soon", "zh")).toBe("soon");
  });
  it("formats numbers with grouping", () => {
    expect(formatNumber(1234567.5, "zh")).toBe("1,234,567.5");
    expect(formatNumber(1000, "en")).toBe("1,000");
  });
});
