/**
 * The REST API of docs/api.md: thin resources that decode requests, hand writes to the writer and read the
 * in-memory indexes or stored lines, and the one mapping from failures to the contract's error document.
 */
package dev.zigd.api;
