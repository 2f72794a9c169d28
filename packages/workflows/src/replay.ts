import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import proto from '@temporalio/proto';
import { DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { bundleWorkflows } from './bundle.js';
import { workflowSpanSinks } from './tracing.js';

/** The outcome of replaying one history file. */
export interface ReplayOutcome {
  readonly file: string;
  /** Why the replay failed (nondeterminism or a workflow error); undefined when it replayed cleanly. */
  readonly error?: string;
}

/**
 * Replays every `<workflow id>.history.json` in `dir` against the current workflow code, to
 * catch nondeterministic changes before they reach running workflows. The file name must be
 * the workflow id: the entity workflows read their stream id from it. Files hold
 * `JSON.stringify(await handle.fetchHistory())`: protobufjs's object form, which `fromObject`
 * reads back exactly (the SDK's own JSON reader expects canonical proto3 JSON instead).
 */
export async function replayHistoryFiles(dir: string, workflowBundle?: WorkflowBundle): Promise<ReplayOutcome[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.history.json')).sort();
  const histories = await Promise.all(
    files.map(async (file) => ({
      workflowId: file.slice(0, -'.history.json'.length),
      history: proto.temporal.api.history.v1.History.fromObject(JSON.parse(await readFile(join(dir, file), 'utf8'))),
    })),
  );
  const bundle = workflowBundle ?? (await bundleWorkflows(new DefaultLogger('WARN')));
  const outcomes: ReplayOutcome[] = [];
  // The tracing sink (dropping what it gets): a traced history's workflow calls it, and a replay
  // worker reports a call to a sink it does not know as an error.
  const options = { workflowBundle: bundle, sinks: workflowSpanSinks(undefined) };
  for await (const result of Worker.runReplayHistories(options, histories)) {
    const file = `${result.workflowId}.history.json`;
    outcomes.push(result.error ? { file, error: String(result.error) } : { file });
  }
  return outcomes;
}

// `node --conditions=@support-engine/source --import tsx src/replay.ts <dir>`: prints one line per history,
// exits non-zero when any fails (for CI, or to check exported production histories).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: replay <directory of *.history.json>');
  const outcomes = await replayHistoryFiles(dir);
  for (const { file, error } of outcomes) console.log(error === undefined ? `ok ${file}` : `FAILED ${file}: ${error}`);
  if (outcomes.length === 0 || outcomes.some((outcome) => outcome.error !== undefined)) process.exitCode = 1;
}
