package io.kcsink.format;

/** The bytes of a key or value cannot be decoded in the route's format; retrying cannot help. */
public class RecordDecodingException extends RuntimeException {

    public RecordDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    public RecordDecodingException(String message) {
        super(message);
    }
}
