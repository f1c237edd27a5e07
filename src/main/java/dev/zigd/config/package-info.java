/**
 * Configuration: the one {@link dev.zigd.config.ZigdConfig} mapping of every {@code zigd.*} key with its
 * default, and {@link dev.zigd.config.ZigdPaths}, which turns {@code zigd.home} into the on-disk layout of
 * format.md.
 */
package dev.zigd.config;
