/**
 * zag's process store, {@code <home>/.zag/processes.json}, served by zigd (format.md "Process store",
 * api.md "Processes").
 *
 * <p>This package owns that file for zigd: {@link dev.zigd.process.ProcessStore} is its one writer (a single-thread
 * actor fed by a Mutiny stream) and merges what {@code zag} itself writes there between zigd's writes;
 * {@link dev.zigd.process.ProcessFile} holds the exact byte format; {@link dev.zigd.process.Liveness} tells whether
 * an entry's process is still the one it names; {@link dev.zigd.process.Signals} stops and kills it;
 * {@link dev.zigd.process.ProcessesResource} is {@code /api/v1/processes}. docs/processes.md describes the behaviour.
 */
package dev.zigd.process;
