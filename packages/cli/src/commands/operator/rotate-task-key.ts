import { rotateLocalTaskKeyring, TASK_KEYS_FILE } from "@onething/local/task-keys";
import type { Command } from "../../command.ts";
import { emit } from "../../context.ts";
import { readDevSecrets } from "../../data-dir.ts";

export const rotateTaskKeyCommand: Command = {
  name: "rotate-task-key",
  summary: "rotate the local task-token key: new tokens use a new key, the old ones verify until they expire",
  usage: ["rotate-task-key"],
  description: [
    `Adds a new key to the data directory's task-token keyring (<data-dir>/${TASK_KEYS_FILE}) and makes it the ` +
      "one that signs; the previous key stays to verify the tokens it signed until they expire, and keys whose " +
      "every token has expired are pruned. A running platform picks the new key up within a second (no restart). " +
      "The local stand-in for the Secrets Manager rotation on AWS (docs/task-tokens.md).",
  ],
  options: {},
  positionals: { min: 0, max: 0 },
  examples: ["onething rotate-task-key", "onething rotate-task-key --json"],
  async run(ctx) {
    const rotation = rotateLocalTaskKeyring(ctx.dataDir, await readDevSecrets(ctx), ctx.now());
    emit(ctx, rotation, () =>
      [
        `task-token key rotated: ${rotation.previous} → ${rotation.current}`,
        `keys kept: ${rotation.keys.join(", ")}`,
        ...(rotation.pruned.length > 0
          ? [`pruned (every token expired): ${rotation.pruned.join(", ")}`]
          : []),
      ].join("\n"),
    );
    return undefined;
  },
};
