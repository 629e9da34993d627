// Adding a bundle, rule, profile or tree version is a data file; this holds each file to the loader, so a file
// added without its import (or an import left on an old version) fails here rather than silently not loading.

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundleData, delegationData, jurisdictionData, profileData, ruleData } from "../src/index.ts";

const seedsDir = new URL("..", import.meta.url);
const filesIn = (dir: string): string[] =>
  readdirSync(new URL(`${dir}/`, seedsDir))
    .filter((f) => f.endsWith(".json"))
    .sort();
const read = (dir: string, file: string): unknown =>
  JSON.parse(readFileSync(new URL(`${dir}/${file}`, seedsDir), "utf8"));
const versioned = (data: unknown[], key: "id" | "place"): string[] =>
  data
    .map((d) => {
      const r = d as Record<string, unknown>;
      return `${String(r[key])}.v${String(r.version)}.json`;
    })
    .sort();
/** The highest version of `<name>.v<n>.json` in a folder. */
const latest = (dir: string, name: string): string | undefined =>
  filesIn(dir)
    .filter((f) => f.startsWith(`${name}.v`))
    .sort((a, b) => Number(a.match(/\.v(\d+)\./)?.[1]) - Number(b.match(/\.v(\d+)\./)?.[1]))
    .at(-1);

describe("every seed file is loaded", () => {
  it("bundles: one loaded definition per file, named <id>.v<version>.json", () => {
    expect(versioned(bundleData, "id")).toEqual(filesIn("bundles"));
  });

  it("rules: one loaded rule per file, named <id>.v<version>.json", () => {
    expect(versioned(ruleData, "id")).toEqual(filesIn("rules"));
  });

  it("profiles: one loaded profile per file, named <place>.v<version>.json", () => {
    expect(versioned(profileData, "place")).toEqual(filesIn("profiles"));
  });

  it("jurisdictions: the latest tree and delegations are the ones loaded", () => {
    const tree = latest("jurisdictions", "tree");
    const delegations = latest("jurisdictions", "delegations");
    expect(tree && read("jurisdictions", tree)).toEqual(jurisdictionData);
    expect(delegations && read("jurisdictions", delegations)).toEqual(delegationData);
  });
});
