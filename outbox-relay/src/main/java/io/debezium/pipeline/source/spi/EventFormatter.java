package io.debezium.pipeline.source.spi;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * The outbox relay's replacement for Debezium 3.6.1's class of this name, which renders the "last
 * event" summary that Debezium's streaming metrics keep for JMX ({@code
 * EventMetadataProvider.toSummaryString}, called for every event). Debezium's version renders the
 * event's key through {@code SchemaUtil.asDetailedString}, which builds a new Jackson {@code
 * ObjectMapper} per event: about a fifth of the decoding thread's time in the relay's drain
 * profile. Debezium offers no setting or plug-in point for these metrics, so the relay's jar
 * carries this class instead of Debezium's (the shade plugin keeps the project's own classes
 * first). It renders the same text ({@code operation: c, position: {lsn: 1}, key: {"id" : "..."}})
 * without Jackson; {@code EventFormatterTest} compares it with Debezium's rendering. Upstream fixed
 * the cost in dbz#2492 after 3.6.1: drop this class with an upgrade that has it.
 */
class EventFormatter {

  private static final String OPERATION = "op";
  private static final String BEFORE = "before";
  private static final String AFTER = "after";

  private Map<String, String> sourcePosition;
  private Object key;
  private Struct value;
  private final StringBuilder string = new StringBuilder();

  public EventFormatter sourcePosition(Map<String, String> sourcePosition) {
    this.sourcePosition = sourcePosition;
    return this;
  }

  public EventFormatter key(Object key) {
    this.key = key;
    return this;
  }

  public EventFormatter value(Struct value) {
    this.value = value;
    return this;
  }

  @Override
  public String toString() {
    if (value != null && value.schema().field(OPERATION) != null) {
      String operation = value.getString(OPERATION);
      if (operation != null) {
        string.append("operation: ").append(operation).append(", ");
      }
    }
    if (sourcePosition != null) {
      string.append("position: {");
      int n = 0;
      for (Map.Entry<String, String> e : sourcePosition.entrySet()) {
        string.append(n++ == 0 ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue());
      }
      string.append("}, ");
    }
    if (key != null) {
      if (key instanceof Struct struct) {
        string.append("key: ");
        append(struct);
      } else {
        string.append("key: ").append(key);
      }
      string.append(", ");
    }
    if (value != null) {
      appendStruct(BEFORE);
      appendStruct(AFTER);
    }
    if (string.length() >= 2 && string.charAt(string.length() - 2) == ',') {
      string.setLength(string.length() - 2);
    }
    return string.toString();
  }

  private void appendStruct(String name) {
    if (value.schema().field(name) == null) {
      return;
    }
    Struct struct = value.getStruct(name);
    if (struct != null) {
      string.append(name).append(": ");
      append(struct);
      string.append(", ");
    }
  }

  /** As Debezium's {@code SchemaUtil.asDetailedString}: JSON-like, every scalar as a string. */
  private void append(Object object) {
    if (object == null) {
      string.append("null");
    } else if (object instanceof Struct struct) {
      string.append('{');
      int n = 0;
      for (Field field : struct.schema().fields()) {
        string.append(n++ == 0 ? "" : ", ");
        quoted(field.name());
        string.append(" : ");
        append(struct.get(field));
      }
      string.append('}');
    } else if (object instanceof ByteBuffer buffer) {
      string.append(Arrays.toString(buffer.array()));
    } else if (object instanceof byte[] bytes) {
      string.append(Arrays.toString(bytes));
    } else if (object instanceof Map<?, ?> map) {
      string.append('{');
      int n = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        string.append(n++ == 0 ? "" : ", ");
        quoted(e.getKey().toString());
        string.append(" : ");
        append(e.getValue());
      }
      string.append('}');
    } else if (object instanceof List<?> list) {
      string.append('[');
      int n = 0;
      for (Object element : list) {
        string.append(n++ == 0 ? "" : ", ");
        append(element);
      }
      string.append(']');
    } else if (object instanceof java.sql.Time time) {
      quoted(DateTimeFormatter.ISO_LOCAL_TIME.format(time.toLocalTime()));
    } else if (object instanceof java.sql.Date date) {
      quoted(DateTimeFormatter.ISO_DATE.format(date.toLocalDate()));
    } else if (object instanceof java.util.Date date) {
      quoted(DateTimeFormatter.ISO_INSTANT.format(date.toInstant()));
    } else if (object instanceof TemporalAccessor temporal) {
      quoted(instant(temporal));
    } else {
      quoted(object.toString());
    }
  }

  /** ISO-8601 as an instant, as Debezium renders it; a summary never fails an event. */
  private static String instant(TemporalAccessor temporal) {
    try {
      return DateTimeFormatter.ISO_INSTANT.format(temporal);
    } catch (DateTimeException e) {
      return temporal.toString();
    }
  }

  /** A JSON string literal, escaped as Jackson escapes it. */
  private void quoted(String text) {
    string.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> string.append("\\\"");
        case '\\' -> string.append("\\\\");
        case '\n' -> string.append("\\n");
        case '\r' -> string.append("\\r");
        case '\t' -> string.append("\\t");
        case '\b' -> string.append("\\b");
        case '\f' -> string.append("\\f");
        default -> {
          if (c < 0x20) {
            string.append(String.format("\\u%04X", (int) c));
          } else {
            string.append(c);
          }
        }
      }
    }
    string.append('"');
  }
}
