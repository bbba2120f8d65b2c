package dev.outbox.stack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test an {@link OutboxStack} parameter (constructor, lifecycle or test method). One stack
 * is started per test JVM, on first use, with the mode that {@code OUTBOX_STACK} names; it stops
 * when the JVM's tests are done.
 *
 * <pre>{@code
 * @ExtendWith(OutboxStackExtension.class)
 * class RelayIT {
 *   @Test
 *   void relays(OutboxStack stack) { ... }
 * }
 * }</pre>
 */
public final class OutboxStackExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OutboxStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == OutboxStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context);
  }

  /** The JVM's shared stack, started on first call. */
  public static OutboxStack shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedStack.class, key -> new SharedStack(Stacks.startForTests()), SharedStack.class)
        .stack();
  }

  /** Kept in the root store, which closes it when the test plan is done. */
  private record SharedStack(OutboxStack stack) implements AutoCloseable {
    @Override
    public void close() {
      stack.close();
    }
  }
}
