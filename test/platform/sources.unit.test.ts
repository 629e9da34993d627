/** The source systems CDK gives an IAM role to are exactly the sources of the catalogue (less the platform's own). */
import { PLATFORM_SOURCE } from "@onething/domain";
import { loadSeedCatalogue } from "@onething/seeds";
import { SOURCE_SYSTEMS } from "@onething/topology";
import { describe, expect, it } from "vitest";

describe("source systems", () => {
  it("every source of seeds/sources.json but the platform's own has a role in the stack, and no other", () => {
    const sources = [...loadSeedCatalogue().sources.keys()].filter((id) => id !== PLATFORM_SOURCE);
    expect([...SOURCE_SYSTEMS].sort()).toEqual(sources.sort());
  });
});
