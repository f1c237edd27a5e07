/**
 * The error vocabulary of the API contract: every failure a client can see is a {@link dev.zigd.error.ZigdException}
 * carrying one {@link dev.zigd.error.ErrorCode} (status + code) and a message that names the field or id.
 */
package dev.zigd.error;
