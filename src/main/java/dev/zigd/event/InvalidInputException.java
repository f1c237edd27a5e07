package dev.zigd.event;

/**
 * Input that does not match the contract or format.md (a client event, a request body, a stored line); the
 * message names the field.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message, null, false, false);
    }
}
