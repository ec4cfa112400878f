package io.kcsink.format;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Decodes UTF-8 text; bytes that are not valid UTF-8 are an error, never silently replaced. */
public final class StringDecoder implements RecordDecoder {

    @Override
    public @Nullable Object decode(String topic, byte @Nullable [] data) {
        if (data == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException ex) {
            throw new RecordDecodingException("not valid UTF-8 text", ex);
        }
    }
}
