package dev.zigd.error;

/** A failure the client is told about as {@code {"error":{"code":…,"message":…}}} with the code's status. */
public class ZigdException extends RuntimeException {
    private final ErrorCode code;

    public ZigdException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ZigdException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ZigdException sessionNotFound(String id) {
        return new ZigdException(ErrorCode.NOT_FOUND, "session not found: " + id);
    }

    public static ZigdException sessionEnded(String id) {
        return new ZigdException(ErrorCode.SESSION_ENDED, "session " + id + " has already ended");
    }

    public static ZigdException badRequest(String message) {
        return new ZigdException(ErrorCode.BAD_REQUEST, message);
    }
}
