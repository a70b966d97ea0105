package io.iiot.gateway.namespace;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Quality of a reading as the source reported it. */
public enum Quality {
    GOOD, UNCERTAIN, BAD;

    /** The lower-case JSON form: {@code good}, {@code uncertain} or {@code bad}. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
