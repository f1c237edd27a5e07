/**
 * What a (re)start does before serving: finds every session left open, repairs its log (a torn last line is
 * cut), brings the indexes up to date with the logs (which are the truth: the indexes are written in batches
 * and may lag a crash), and resumes each session whose owner is alive or ends it with {@code failure}.
 */
package dev.zigd.recovery;
