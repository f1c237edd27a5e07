package dev.zigd.error;

/** The rows of the contract's error table, plus the daemon-side failures a client must be told about. */
public enum ErrorCode {
    BAD_REQUEST(400, "bad_request"),
    UNAUTHORIZED(401, "unauthorized"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not_found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    AMBIGUOUS(409, "ambiguous"),
    SESSION_ENDED(409, "session_ended"),
    NOT_RUNNING(409, "not_running"),
    /** Retention refuses to remove a session that is open (or that a process still holds open). */
    SESSION_OPEN(409, "session_open"),
    TOO_LARGE(413, "too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    /** A file could not be written or read (full disk, read-only or missing directory); the message names it. */
    STORAGE_FAILED(500, "storage_failed"),
    INTERNAL(500, "internal"),
    /** The daemon is shutting down and takes no new work, or it is out of memory for this request right now. */
    UNAVAILABLE(503, "unavailable"),
    /** A request that cannot be served within its memory budget (e.g. a log line over the read budget). */
    OVER_BUDGET(507, "over_budget");

    public final int status;
    public final String code;

    ErrorCode(int status, String code) {
        this.status = status;
        this.code = code;
    }
}
