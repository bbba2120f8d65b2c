package dev.outbox.client.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.deadletter.DeadLetter;
import dev.outbox.client.deadletter.DeadLetters;
import dev.outbox.client.deadletter.Reapplier;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.event.EventJson;
import dev.outbox.client.housekeeping.Housekeeping;
import dev.outbox.client.housekeeping.RetentionWindowException;
import dev.outbox.client.housekeeping.TableRetention;
import dev.outbox.contracts.Compatibility;
import dev.outbox.contracts.EventSchemas;
import dev.outbox.contracts.SchemaKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the events of one or more aggregate types from Kafka and applies each with its handler
 * in one database transaction together with its inbox row; the Kafka offset is committed only after
 * that transaction committed. Redeliveries and stale versions have no effect (counted), transient
 * failures are retried with backoff, and permanent ones are parked after {@link
 * EventConsumerConfig#maxAttempts()} attempts, holding back only their own aggregate's later events
 * (see {@link #deadLetters()}). Snapshots of a backfill ({@code ce_snapshot: true}) are applied
 * only when newer than the view's version of their aggregate. Its {@link #housekeeping()} keeps the
 * inbox and the resolved dead letters bounded ({@link TableRetention}).
 *
 * <p>One thread per consumer (and one for its housekeeping); run more instances with the same name
 * to share the partitions. The group uses Kafka's cooperative sticky assignor: when a member joins
 * or leaves, it moves the fewest partitions (each member keeps what it can) and the members go on
 * consuming the partitions they keep while the rest move, instead of every member giving up
 * everything and waiting (the eager assignors stop the world). The loop handles a poll's records
 * fully before it polls again, and rebalances happen only inside a poll, so a partition is always
 * revoked between batches and what was applied of it is committed in {@code onPartitionsRevoked}
 * before it goes; its next owner starts right after. Only a member that lost its partitions (taken
 * out of the group: its session timed out or it did not poll in time) leaves records that were
 * applied but not committed: the next owner reads them again, and the inbox makes them no-ops.
 */
public final class EventConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final EventConsumerConfig config;
  private final Set<String> topics;
  private final RecordProcessor processor;
  private final ConsumerMetrics metrics;
  private final AppliedProgress progress = new AppliedProgress();
  private final DeadLetters deadLetters;
  private final Housekeeping housekeeping;
  private final Clock clock;
  private final Function<Properties, Consumer<String, byte[]>> kafkaConsumerFactory;
  private final Object lifecycle = new Object();
  private ConsumerLoop loop;
  private Thread thread;
  private boolean closed;

  private EventConsumer(Builder builder) {
    this.config = builder.config;
    this.clock = builder.clock;
    this.kafkaConsumerFactory = builder.kafkaConsumerFactory;
    this.metrics =
        new ConsumerMetrics(builder.meterRegistry, config.name(), config.freshnessObjective());
    var byType = new LinkedHashMap<String, Registration<?>>();
    var topicSet = new LinkedHashSet<String>();
    for (Registration<?> registration : builder.registrations) {
      byType.put(registration.catalog().aggregateType(), registration);
      topicSet.add(registration.catalog().topic());
    }
    this.topics = Set.copyOf(topicSet);
    this.processor =
        new RecordProcessor(
            config.name(),
            builder.dsl,
            byType,
            new PayloadReader(
                builder.objectMapper,
                builder.decoder != null
                    ? builder.decoder
                    : PayloadReader.json(builder.objectMapper),
                builder.schemas,
                builder.steps),
            metrics,
            progress,
            builder.clock,
            new ApplySpans(builder.openTelemetry, config.name()));
    this.deadLetters =
        DeadLetters.create(builder.dsl, config.name(), new ProcessorReapplier(processor));
    this.housekeeping =
        Housekeeping.create(
            config.name(),
            topics,
            builder.dsl,
            builder.retention,
            config.bootstrapServers(),
            config.kafkaProperties(),
            builder.meterRegistry);
  }

  /** A builder for a consumer with these settings. */
  public static Builder builder(EventConsumerConfig config) {
    return new Builder(config);
  }

  /** The consumer's name (its Kafka group id). */
  public String name() {
    return config.name();
  }

  /**
   * The most an event should take from its source commit until its view shows it; its meters count
   * the share within it (see {@link EventConsumerConfig#freshnessObjective()}).
   */
  public Duration freshnessObjective() {
    return config.freshnessObjective();
  }

  /** The topics it subscribes to. */
  public Set<String> topics() {
    return topics;
  }

  /**
   * Starts its housekeeping, then consumes on a thread of its own.
   *
   * @throws RetentionWindowException when the inbox retention is not longer than what a topic it
   *     reads and the relay may still redeliver (nothing started)
   * @throws IllegalStateException when started before or closed
   */
  public void start() {
    synchronized (lifecycle) {
      if (closed || thread != null) {
        throw new IllegalStateException(config.name() + " was already started or closed");
      }
      housekeeping.start();
      loop =
          new ConsumerLoop(
              config,
              () -> kafkaConsumerFactory.apply(kafkaProperties(config)),
              topics,
              processor,
              metrics,
              clock);
      thread = new Thread(loop, "outbox-consumer-" + config.name());
      // A JVM that exits without close() only loses uncommitted offsets: redeliveries, no-ops.
      thread.setDaemon(true);
      thread.start();
      LOG.info(
          "{} - started: topics {}, maxAttempts {}, backoff {}..{}, session timeout {}",
          config.name(),
          topics,
          config.maxAttempts(),
          config.initialBackoff(),
          config.maxBackoff(),
          config.sessionTimeout());
    }
  }

  /** Whether it was started, is not closed and its loop is alive (see also {@link #health()}). */
  public boolean isRunning() {
    synchronized (lifecycle) {
      return !closed && thread != null && thread.isAlive();
    }
  }

  /**
   * Its health now: whether the loop runs, whether it is connected to Kafka (since when not, and
   * why), and when it last applied an event and how recent that event was. Cheap and safe to call
   * from any thread, e.g. on every health request.
   *
   * <p>Connected is judged from the Kafka client's own figures: an open connection and responses
   * still arriving from the broker (see API.md, "Health"). The partitions it holds are those of its
   * last rebalance; a running, connected consumer that holds none is healthy (an idle member of a
   * group with more members than partitions).
   */
  public ConsumerHealth health() {
    ConsumerLoop current;
    boolean alive;
    boolean wasClosed;
    synchronized (lifecycle) {
      current = loop;
      alive = !closed && thread != null && thread.isAlive();
      wasClosed = closed;
    }
    Instant lastApplied = progress.lastAppliedAt();
    Instant newest = progress.newestEventAt();
    if (current == null) {
      return new ConsumerHealth(
          false,
          false,
          null,
          wasClosed ? "closed" : "not started",
          lastApplied,
          newest,
          List.of(),
          null);
    }
    PartitionAssignment assignment = current.assignment();
    if (!alive) {
      String why =
          current.failure() != null
              ? "consumer loop stopped by a failure: " + current.failure()
              : wasClosed ? "closed" : "consumer loop stopped";
      Instant since = current.stoppedAt() != null ? current.stoppedAt() : clock.instant();
      // A loop that ended holds nothing, whatever its listener last heard.
      return new ConsumerHealth(
          false, false, since, why, lastApplied, newest, List.of(), assignment.changedAt());
    }
    KafkaLink.State link = current.link();
    return new ConsumerHealth(
        true,
        link.connected(),
        link.since(),
        link.reason(),
        lastApplied,
        newest,
        assignment.names(),
        assignment.changedAt());
  }

  /** This consumer's dead letters, replayed and discarded with its handlers. */
  public DeadLetters deadLetters() {
    return deadLetters;
  }

  /** What keeps its inbox and resolved dead letters bounded; started and closed with it. */
  public Housekeeping housekeeping() {
    return housekeeping;
  }

  /**
   * Stops the housekeeping, finishes the record in flight, commits the offsets of what was applied
   * and leaves the group. Idempotent.
   */
  @Override
  public void close() {
    housekeeping.close();
    Thread running;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      running = thread;
      if (loop != null) {
        loop.stop();
      }
    }
    if (running != null) {
      try {
        running.join(CLOSE_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (running.isAlive()) {
        LOG.warn("{} - did not stop within {}", config.name(), CLOSE_TIMEOUT);
      }
    }
  }

  /** The Kafka consumer's properties for {@code config}. */
  static Properties kafkaProperties(EventConsumerConfig config) {
    var properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.name());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.putAll(config.kafkaProperties());
    // Not overridable: offsets are committed by the loop, after the database commit.
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Not overridable either (EventConsumerConfig refuses them as Kafka properties): the rebalance
    // protocol the loop's listener is written for, and the timeouts of their own settings.
    properties.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    properties.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, millis(config.sessionTimeout()));
    properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, millis(config.heartbeatInterval()));
    properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, millis(config.maxPollInterval()));
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return properties;
  }

  private static String millis(Duration duration) {
    return Long.toString(duration.toMillis());
  }

  /** Configures an {@link EventConsumer}. */
  public static final class Builder {
    private final EventConsumerConfig config;
    private final Map<String, Registration<?>> byType = new LinkedHashMap<>();
    private final List<Registration<?>> registrations = new ArrayList<>();
    private DSLContext dsl;
    private MeterRegistry meterRegistry = new SimpleMeterRegistry();
    private Clock clock = Clock.systemUTC();
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private ObjectMapper objectMapper = EventJson.defaultMapper();
    private TableRetention retention = TableRetention.defaults();
    private EventSchemas schemas;
    private PayloadDecoder decoder;
    private final List<UpcasterRegistration> upcasters = new ArrayList<>();
    private Map<SchemaKey, Upcaster> steps = Map.of();
    private Function<Properties, Consumer<String, byte[]>> kafkaConsumerFactory =
        KafkaConsumer::new;

    private Builder(EventConsumerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** The database of the service's views, inbox and dead letters (e.g. over HikariCP). */
    public Builder dsl(DSLContext dsl) {
      this.dsl = Objects.requireNonNull(dsl, "dsl");
      return this;
    }

    /** Where the consumer's meters go; default a private {@link SimpleMeterRegistry}. */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * Where the consumer's spans go: each event with a {@code traceparent} gets a CONSUMER span
     * {@code apply <type>} per attempt (a child of the relay's publish), current while its handler
     * runs so that events it appends continue the trace, and a {@code park <type>} span when it is
     * parked. Default the no-op: events the handler appends carry the incoming trace as it is.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /** The clock of the commit-to-applied latency and of {@link EventConsumer#health()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The mapper that reads payloads; default {@link EventJson#defaultMapper()}. */
    public Builder objectMapper(ObjectMapper objectMapper) {
      this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
      return this;
    }

    /**
     * How long its inbox rows and resolved dead letters are kept, and how often they are deleted;
     * default {@link TableRetention#defaults()}.
     */
    public Builder retention(TableRetention retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * How record values become JSON trees; default: they are JSON text, as the relay publishes
     * them. The seam for another serialisation (see {@link PayloadDecoder}).
     */
    public Builder payloadDecoder(PayloadDecoder decoder) {
      this.decoder = Objects.requireNonNull(decoder, "decoder");
      return this;
    }

    /**
     * Validates every incoming payload against the schema its headers name before it is decoded: an
     * invalid one is parked with each violation's JSON path and rule. See {@link PayloadReader} for
     * events of versions the consumer's records do not read.
     */
    public Builder validateAgainst(EventSchemas schemas) {
      this.schemas = Objects.requireNonNull(schemas, "schemas");
      return this;
    }

    /**
     * Reads events of {@code eventClass}'s type written as {@code fromVersion} as version {@code
     * fromVersion + 1}: the step of a chain that brings every older version up to the record's.
     *
     * @param eventClass a record of a catalog given to {@link #on} or {@link #onBatch}
     * @param fromVersion 1 or more, below the record's schema version
     */
    public Builder upcast(Class<?> eventClass, int fromVersion, Upcaster upcaster) {
      upcasters.add(
          new UpcasterRegistration(
              Objects.requireNonNull(eventClass, "eventClass"),
              fromVersion,
              Objects.requireNonNull(upcaster, "upcaster")));
      return this;
    }

    /** How the Kafka consumer is made; tests use it to inject faults (a crash at a chosen step). */
    Builder kafkaConsumerFactory(Function<Properties, Consumer<String, byte[]>> factory) {
      this.kafkaConsumerFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Handles the events of a catalog's aggregate type, consumed from its topic, one at a time (in
     * the transaction of the batch they arrive in).
     *
     * @throws IllegalArgumentException when the aggregate type already has a handler
     */
    public <E> Builder on(EventCatalog<E> catalog, EventHandler<E> handler) {
      return register(
          Registration.perEvent(
              Objects.requireNonNull(catalog, "catalog"),
              Objects.requireNonNull(handler, "handler")));
    }

    /**
     * Handles the events of a catalog's aggregate type, consumed from its topic, a batch at a time
     * (see {@link BatchEventHandler}).
     *
     * @throws IllegalArgumentException when the aggregate type already has a handler
     */
    public <E> Builder onBatch(EventCatalog<E> catalog, BatchEventHandler<E> handler) {
      return register(
          new Registration<>(
              Objects.requireNonNull(catalog, "catalog"),
              Objects.requireNonNull(handler, "handler")));
    }

    private Builder register(Registration<?> registration) {
      String type = registration.catalog().aggregateType();
      if (byType.putIfAbsent(type, registration) != null) {
        throw new IllegalArgumentException("Aggregate type '" + type + "' already has a handler");
      }
      registrations.add(registration);
      return this;
    }

    /**
     * @throws IllegalStateException when no DSLContext or no handler was given, an upcaster names a
     *     class or version no catalog reads, or (with schemas) a record's version has no schema or
     *     an older version can be read neither through an upcaster nor under its type's rule
     */
    public EventConsumer build() {
      if (dsl == null) {
        throw new IllegalStateException("dsl(DSLContext) is required");
      }
      if (registrations.isEmpty()) {
        throw new IllegalStateException("at least one on(catalog, handler) is required");
      }
      steps = upcasters();
      if (schemas != null) {
        for (Registration<?> registration : registrations) {
          requireReadable(registration.catalog(), steps);
        }
      }
      return new EventConsumer(this);
    }

    /** The upcasters by the type and version they read. */
    private Map<SchemaKey, Upcaster> upcasters() {
      var steps = new HashMap<SchemaKey, Upcaster>();
      for (UpcasterRegistration step : upcasters) {
        EventCatalog<?> catalog =
            registrations.stream()
                .map(Registration::catalog)
                .filter(c -> c.contains(step.eventClass()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "upcast("
                                + step.eventClass().getName()
                                + ", ...): no catalog given to on(...) or onBatch(...) holds it"));
        int record = catalog.schemaVersionOf(step.eventClass());
        if (step.fromVersion() < 1 || step.fromVersion() >= record) {
          throw new IllegalStateException(
              "upcast("
                  + step.eventClass().getSimpleName()
                  + ", "
                  + step.fromVersion()
                  + ", ...): the record reads v"
                  + record
                  + ", so upcasters go from v1 to v"
                  + (record - 1));
        }
        var key =
            new SchemaKey(
                catalog.aggregateType(), catalog.typeOf(step.eventClass()), step.fromVersion());
        if (steps.putIfAbsent(key, step.upcaster()) != null) {
          throw new IllegalStateException("Two upcasters from " + key);
        }
      }
      return steps;
    }

    private void requireReadable(EventCatalog<?> catalog, Map<SchemaKey, Upcaster> steps) {
      for (String type : catalog.eventTypes()) {
        Class<?> eventClass = catalog.classOf(type).orElseThrow();
        int record = catalog.schemaVersionOf(eventClass);
        var own = new SchemaKey(catalog.aggregateType(), type, record);
        if (!schemas.knows(own)) {
          throw new IllegalStateException(
              eventClass.getName()
                  + " reads "
                  + own
                  + " but there is no schema for it ("
                  + own.path()
                  + ")");
        }
        Compatibility rule = schemas.ruleOf(catalog.aggregateType(), type);
        for (int from = 1; from < record; from++) {
          var step = new SchemaKey(catalog.aggregateType(), type, from);
          if (!steps.containsKey(step) && !rule.backward()) {
            throw new IllegalStateException(
                own.typeName()
                    + " keeps "
                    + rule
                    + " compatibility, so a v"
                    + (from + 1)
                    + " reader cannot read v"
                    + from
                    + " as it is: register upcast("
                    + eventClass.getSimpleName()
                    + ".class, "
                    + from
                    + ", ...)");
          }
        }
      }
    }
  }

  private record UpcasterRegistration(Class<?> eventClass, int fromVersion, Upcaster upcaster) {}

  /** Replays dead letters through the same steps as live records. */
  private record ProcessorReapplier(RecordProcessor processor) implements Reapplier {
    @Override
    public void reapply(DSLContext tx, DeadLetter letter) {
      processor.reapply(
          tx,
          new IncomingEvent(
              letter.topic(),
              letter.partition(),
              letter.offset(),
              letter.key(),
              letter.headers(),
              letter.payload()));
    }

    @Override
    public boolean isTransient(Throwable failure) {
      return Failures.isTransient(failure);
    }
  }
}
