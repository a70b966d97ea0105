package io.iiot.gateway.drain;

import io.iiot.gateway.namespace.UtcTime;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for null, backslash escapes), the form
 * {@code COPY drain_staging FROM STDIN} reads. Values are escaped, never interpreted, so no value from a device
 * can end a field or a row early.
 */
public final class CopyText {

    private CopyText() {
    }

    /** The rows, one line each, in the column order of {@code sql/copy-staging.sql}. */
    public static byte[] encode(List<Measurement> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 200);
        for (Measurement row : rows) {
            field(out, row.org()).append('\t');
            field(out, row.site()).append('\t');
            field(out, row.area()).append('\t');
            field(out, row.line()).append('\t');
            field(out, row.machine()).append('\t');
            field(out, row.sensor()).append('\t');
            field(out, row.metric()).append('\t');
            UtcTime.append(out, row.ts()).append('\t');
            if (row.value() == null) {
                out.append("\\N");
            } else {
                out.append(row.value().doubleValue());
            }
            out.append('\t');
            field(out, row.valueText()).append('\t');
            field(out, row.unit()).append('\t');
            field(out, row.quality()).append('\t');
            field(out, row.msgId()).append('\t');
            out.append(row.streamSequence()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        int plain = 0;
        while (plain < value.length() && !needsEscape(value.charAt(plain))) {
            plain++;
        }
        if (plain == value.length()) {
            return out.append(value); // the usual case: copied as a whole
        }
        out.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    private static boolean needsEscape(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }
}
