/**
 * `node packages/cli/src/main.ts <command> …` (what `npm start` and the `onething` bin run). Exits explicitly:
 * an idle keep-alive socket or SQS client must not hold a finished command open.
 */
import { run } from "./cli.ts";

process.exit(await run(process.argv.slice(2)));
