package dev.zigd.error;

import dev.zigd.event.ZigJson;

/** The contract's error document: {@code {"error":{"code":"…","message":"…"}}}. */
public record ErrorBody(Detail error) {

    public record Detail(String code, String message) {
    }

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(new Detail(code.code, message));
    }

    public static String json(ErrorCode code, String message) {
        return ZigJson.compact(of(code, message));
    }
}
