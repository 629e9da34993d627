#!/usr/bin/env node
// The `onething` bin: Node 24 runs the TypeScript sources directly (type stripping), so no build step.
const [major] = process.versions.node.split(".").map(Number);
if (major < 24) {
  process.stderr.write(
    `onething: needs Node 24 or later (this is ${process.version}); run it through npm (npx onething, npm start), which puts the project's Node 24 first on PATH\n`,
  );
  process.exit(1);
}
await import("../src/main.ts");
