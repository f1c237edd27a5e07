/**
 * What must hold before the daemon touches a file: the home directory exists, no other daemon runs on it (a lock
 * held for the daemon's life, {@link dev.zigd.startup.DaemonLock}), no daemon answers on the socket, the TCP port
 * is free. A failed check is one line on stderr saying what to do, and a non-zero exit.
 */
package dev.zigd.startup;
