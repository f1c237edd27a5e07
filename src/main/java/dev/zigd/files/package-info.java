/**
 * File-system primitives every store shares: atomic replacement (temp file, fsync, rename, directory fsync),
 * private directories and files (0700/0600), and keeping an unreadable file aside instead of overwriting it.
 */
package dev.zigd.files;
